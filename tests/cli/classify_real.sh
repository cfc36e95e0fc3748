#!/bin/sh
# cdesk classify on what real complaints say (issue 12): each rule added for
# the real-complaint corpus (tests/data/corpus.tsv) with one example, and the
# misses the issue names. The examples are short paraphrases written for this
# test, not corpus texts.
. tests/lib.sh
AT="2026-11-27 09:00"

# classify NAME TEXT: --json output in $TMP/out
classify() {
	expect_rc "$1 exit" 0 "$CDESK" classify --json --at "$AT" "$2"
}
lead() { expect_match "$1 lead $2" "\"dept\": \"$2\"" "$TMP/out"; }
inset() { expect_match "$1 has $2 in the set" "^    \"$2\",?$" "$TMP/out"; }
cls() { expect_match "$1 class $2" "\"class\": \"$2\"" "$TMP/out"; }
flag() { expect_match "$1 flag $2" "^    \"$2\",?$" "$TMP/out"; }
noflag() { expect_nomatch "$1 no flag $2" "^    \"$2\",?$" "$TMP/out"; }

# Kickbacks and outside pharmacies (ETHICS).
classify "outside pharmacy" "医生让我去院外药店买药，还给了一张推荐药店的名片。"
lead "outside pharmacy" ETHICS
classify "recommended pharmacy" "医生推荐我到对面药店买药，说医院里没有。"
lead "recommended pharmacy" ETHICS

# Medication errors and the pharmacy (MEDICAL, safety).
classify "wrong herbs" "开了十味中药，结果开错了2味。"
lead "wrong herbs" MEDICAL
flag "wrong herbs" safety
classify "pharmacy wrong drug" "药房抓错药了，我妈已经吃了两天。"
lead "pharmacy wrong drug" MEDICAL
flag "pharmacy wrong drug" safety
classify "someone else's drip" "输液输到一半，发现药瓶上写的是别人的名字。"
lead "someone else's drip" NURSING
flag "someone else's drip" safety

# Meals (LOGISTICS).
classify "no meals brought" "医院不让家属送饭，统一供餐，每天从住院费里扣餐费。"
lead "no meals brought" LOGISTICS

# Theft and lost property (SECURITY), not the billing or the ward it happened in.
classify "theft in observation" "孩子在观察室留观，我的羽绒服不见了，口袋里的现金被盗，那是交住院费用的钱。"
lead "theft in observation" SECURITY
classify "phone taken" "凌晨有人进病房把我的手机拿走了。"
lead "phone taken" SECURITY

# Drunk or violent visitors (SECURITY), not the nurses they shout at.
classify "drunk at nurses' station" "一个醉汉在护士站骂人，护士吓得不敢说话。"
lead "drunk at nurses' station" SECURITY
classify "nurse beaten" "孩子扎针没扎上，家长动手打了护士。"
lead "nurse beaten" SECURITY
classify "knife" "有人在门诊大厅持刀行凶。"
lead "knife" SECURITY
cls "knife" emergency

# 号贩子: the registration office leads, security helps.
classify "scalpers" "挂不上专家号，号贩子手里却有，三百的号卖四千五。"
lead "scalpers" OUTPATIENT
inset "scalpers" SECURITY

# Parking, lifts, cold rooms, blocked entrances (LOGISTICS).
classify "parking fee" "在医院停车一天收了六十元，太贵了。"
lead "parking fee" LOGISTICS
classify "stuck in the lift" "我被困在电梯里半个小时，电梯门打不开。"
lead "stuck in the lift" LOGISTICS
flag "stuck in the lift" safety
classify "cold ward" "病房里没有暖气，病人冻得睡不着。"
lead "cold ward" LOGISTICS
classify "hot ward" "住院部顶楼像蒸笼一样闷热，空调形同虚设。"
lead "hot ward" LOGISTICS
classify "ambulance lane" "私家车把急救通道堵了两个小时，救护车进不来。"
lead "ambulance lane" LOGISTICS
flag "ambulance lane" safety
classify "mortuary fees" "遗体在太平间放了二十天，停尸费收了七千元。"
lead "mortuary fees" LOGISTICS
noflag "mortuary fees" group

# Protests with banners and corpses at the gate: the hospital office leads,
# a group, on the spot.
classify "banners" "十几个家属聚集在门诊大厅，拉横幅，保安报了警。"
lead "banners" OFFICE
flag "banners" group
cls "banners" emergency
classify "corpse at the gate" "家属把遗体停在医院门口讨说法。"
lead "corpse at the gate" OFFICE
cls "corpse at the gate" emergency

# Deaths raise the class to important (第十五条(二)).
classify "death" "我父亲做完手术第二天就去世了，医院要给个说法。"
cls "death" important
flag "death" safety

# Records and certificates (MEDICAL).
classify "check-up report" "体检报告上写我流产七次，根本没有的事。"
lead "check-up report" MEDICAL
classify "altered records" "医院篡改病历，体温36度改成了40度。"
lead "altered records" MEDICAL

# Insurance reimbursement (BILLING).
classify "insurance" "出院结算时医保不给报销，说是自费项目，事先没人告诉我们。"
lead "insurance" BILLING

# Rules added from parts/p7.tsv's tuning texts (paraphrases, not corpus rows).
classify "wandered off" "凌晨老人从病房走失，护士一直没发现。"
lead "wandered off" NURSING
classify "wrong body" "医院认错家属，送错遗体，我们在家都布置好灵堂了。"
lead "wrong body" LOGISTICS
cls "wrong body" general
classify "cashier" "收款员一边收钱一边打电话，窗口前的人等了半天。"
lead "cashier" FINANCE
classify "priced up on the table" "躺在手术台上医生说要临时加项，不加钱就不继续做。"
lead "priced up on the table" BILLING
classify "needless operation" "切下来的组织并无癌细胞，原来是样本和别人的混杂了。"
lead "needless operation" MEDICAL
cls "needless operation" important
flag "needless operation" safety
classify "insurance fraud" "我实名反映有人套取医保，拿七张医保卡开药。"
lead "insurance fraud" ETHICS
classify "bribe demanded" "医生暗示要塞红包才能排手术。"
lead "bribe demanded" ETHICS
cls "bribe demanded" general
classify "missed malformation" "五次B超都说正常，孩子生下来没有双臂。"
cls "missed malformation" important
classify "siren" "救护车半夜鸣笛扰民。"
lead "siren" LOGISTICS
classify "relatives in numbers" "死者的20多名亲友聚在医院门口讨说法。"
flag "relatives in numbers" group
classify "arrested" "无证村医已被检察院批准逮捕。"
flag "arrested" legal

# The class from the policy: a group complaint and a named 举报 are important.
classify "collective" "我们病房的几个病友集体投诉食堂饭菜太差。"
cls "collective" important
flag "collective" group
classify "named report" "我实名举报外科主任收受红包。"
lead "named report" ETHICS
cls "named report" important

# Court, arbitration or police: a not-accepted suggestion with its
# 第二十六条 reason, for the officer to confirm.
classify "in court" "我们已经起诉到法院了，医生手术做坏了。"
flag "in court" legal
expect_match "in court: not-accepted suggestion" '"part": "accept"' "$TMP/out"
expect_match "in court: 第二十六条 named" '第二十六条' "$TMP/out"
classify "police case" "公安已经立案侦查了，打人的还没抓到。"
expect_match "police case: not-accepted suggestion" '"part": "accept"' "$TMP/out"
classify "not in court" "护士态度太差了。"
expect_nomatch "no court: no not-accepted suggestion" '"part": "accept"' "$TMP/out"
