/* The rule module on the default rules: each rule, context, defaults,
 * multi-department, thresholds, kinds, traditional text, the complaint corpus,
 * due dates (ties, malformed files: tests/unit/test_rules_file.c). */
#include "testutil.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/calendar.h"
#include "core/fold.h"
#include "core/rules.h"
#include "core/text.h"
#include "core/util.h"
#include "rules_corpus.h"

static struct ruleset *rs;
static struct calendar *cal;

static int setup(void **state)
{
	(void)state;
	return testutil_load_data(&rs, &cal);
}

static int teardown(void **state)
{
	(void)state;
	testutil_free_data(rs, cal);
	return 0;
}

static void classify(const char *text, struct rule_suggestion *s)
{
	struct rule_input in = { 0 };

	in.text = text;
	in.channel = -1;
	rules_classify(rs, &in, s);
}

static bool has_dept(const struct rule_suggestion *s, const char *code)
{
	for (int i = 0; i < s->ndepts; i++)
		if (strcmp(s->depts[i], code) == 0)
			return true;
	return false;
}

static char *flags_of(const struct rule_suggestion *s, char *buf, size_t size)
{
	flags_format(s->flags, buf, size);
	if (!buf[0])
		snprintf(buf, size, "-");
	return buf;
}

/* ---------- the default file ---------- */

static void test_default_file(void **state)
{
	const char *const *steps;

	(void)state;
	assert_int_equal(rules_dept_count(rs), 10);
	assert_string_equal(rules_default_dept(rs)->code, "COMPLAINT");
	assert_string_equal(rules_default_dept(rs)->name_zh, "医患关系协调办公室(投诉科)");
	assert_string_equal(rules_dept_find(rs, "ethics")->name_zh, "党办");
	assert_string_equal(rules_dept_find(rs, "稽核科")->code, "BILLING");
	assert_string_equal(rules_dept_find(rs, "LOGISTICS")->name_en, "General Services");
	assert_null(rules_dept_find(rs, "NOSUCH"));
	assert_true(rules_unit_valid(rs, "心内科"));
	assert_true(rules_unit_valid(rs, "ICU"));
	assert_true(rules_unit_valid(rs, "药剂科"));
	assert_false(rules_unit_valid(rs, "宠物科"));
	assert_true(rules_unit_count(rs) >= 30);
	assert_string_equal(rules_unit(rs, 0), "心内科");
	assert_non_null(rules_category_find(rs, "ethics"));
	assert_true(rules_category_count(rs) >= 10);
	assert_true(rules_settings(rs)->claim_threshold_fen == 1000000);
	assert_int_equal(rules_settings(rs)->cutoff, 17 * 3600 + 30 * 60);
	assert_int_equal(rules_settings(rs)->review_days, 10);
	assert_int_equal(rules_settings(rs)->duplicate_days, 30);
	assert_true(rules_rule_count(rs) >= 30);

	assert_int_equal(rules_approval_chain(rs, CLASS_SIMPLE, &steps), 1);
	assert_string_equal(steps[0], "office_head");
	assert_int_equal(rules_approval_chain(rs, CLASS_GENERAL, &steps), 2);
	assert_string_equal(steps[0], "office_proofread");
	assert_string_equal(steps[1], "supervisor");
	assert_int_equal(rules_approval_chain(rs, CLASS_IMPORTANT, &steps), 3);
	assert_string_equal(steps[1], "hospital_office");

	assert_int_equal(rules_reply_days(rs, CLASS_SIMPLE, 1), 0);
	assert_int_equal(rules_reply_days(rs, CLASS_GENERAL, 1), 5);
	assert_int_equal(rules_reply_days(rs, CLASS_GENERAL, 2), 10);
	assert_int_equal(rules_reply_days(rs, CLASS_IMPORTANT, 1), 10);
	assert_int_equal(rules_reply_days(rs, CLASS_IMPORTANT, 3), 10);
	assert_int_equal(rules_reply_days(rs, CLASS_EMERGENCY, 1), -1);
	assert_int_equal(rules_class_hours(rs, CLASS_EMERGENCY), 2);
	assert_int_equal(rules_feedback_days(rs, CLASS_GENERAL, 1), 3);
	assert_int_equal(rules_feedback_days(rs, CLASS_GENERAL, 2), 7);
	assert_int_equal(rules_feedback_days(rs, CLASS_IMPORTANT, 1), 7);
}

/* ---------- each default rule ---------- */

struct rule_case {
	const char *rule;       /* must fire */
	const char *text;
	const char *lead;       /* NULL: not checked */
};

static const struct rule_case rule_cases[] = {
	{ "ethics-bribe", "主任暗示做手术要先给红包", "ETHICS" },
	{ "ethics-conduct", "这个医生医德有问题，总让病人去私人诊所", "ETHICS" },
	{ "medical-error", "明明是骨折却被误诊成扭伤", "MEDICAL" },
	{ "medical-surgery", "手术时间一改再改", "MEDICAL" },
	{ "medical-treatment", "住院三天了还没有诊断，治疗方案也没人说", "MEDICAL" },
	{ "medical-delay", "手术一直排不上，说没有床", "MEDICAL" },
	{ "medical-doctor-attitude", "病房的医生态度很差，问两句就不耐烦", "MEDICAL" },
	{ "medical-records", "复印病历要等两周", "MEDICAL" },
	{ "nursing-attitude", "护士说话很凶", "NURSING" },
	{ "nursing-care", "输液的时候跑针了也没人管", "NURSING" },
	{ "nursing-skill", "扎了好几针都没扎进", "NURSING" },
	{ "outpatient-registration", "专家号一放出来就挂不上", "OUTPATIENT" },
	{ "outpatient-waiting", "候诊区人太多，叫号系统还经常过号", "OUTPATIENT" },
	{ "outpatient-clinic", "门诊医生看诊太快", "OUTPATIENT" },
	{ "billing-overcharge", "住院费里多收了两天床位费", "BILLING" },
	{ "billing-fees", "这个检查的价格和物价公示的不一样", "BILLING" },
	{ "finance-settlement", "出院结算以后押金一直没退", "FINANCE" },
	{ "finance-refund", "取消的检查要退费", "FINANCE" },
	{ "finance-claim", "调解后的赔偿款还没到", "FINANCE" },
	{ "logistics-parking", "停车场没有车位", "LOGISTICS" },
	{ "logistics-environment", "卫生间太脏了", "LOGISTICS" },
	{ "logistics-food", "食堂的饭菜是凉的", "LOGISTICS" },
	{ "security-incident", "保安推搡家属", "SECURITY" },
	{ "security-theft", "病房里的手机被偷了", "SECURITY" },
	{ "security-violence", "醉汉在护士站骂人", "SECURITY" },
	{ "security-scalpers", "门口全是号贩子", NULL },
	{ "ethics-pharmacy", "医生让我去院外药店买药", "ETHICS" },
	{ "medical-medication", "药房抓错药了", "MEDICAL" },
	{ "medical-overtesting", "感冒也让我去照CT", "MEDICAL" },
	{ "medical-beds", "心内科没有床位，住不进去", "MEDICAL" },
	{ "medical-refusal", "急诊拒不接诊", "MEDICAL" },
	{ "nursing-wrong-drip", "输液输的是别人的药", "NURSING" },
	{ "nursing-falls", "老人在病房摔倒了没人扶", "NURSING" },
	{ "nursing-newborn", "怀疑医院把孩子抱错了", "NURSING" },
	{ "outpatient-scalpers", "专家号都在黄牛手里", "OUTPATIENT" },
	{ "billing-items", "一天收了两次护理费", "BILLING" },
	{ "billing-insurance", "出院时说这个药不能报销", "BILLING" },
	{ "finance-refund-delay", "说好的退费一直没退", "FINANCE" },
	{ "billing-drug-price", "同一种药医院比药店贵五倍", "BILLING" },
	{ "medical-licence", "有人在医院里非法行医", "MEDICAL" },
	{ "medical-pharmacy", "取药窗口排了一个小时", "MEDICAL" },
	{ "logistics-lift", "我被困在电梯里半小时", "LOGISTICS" },
	{ "logistics-access", "私家车堵了急救通道", "LOGISTICS" },
	{ "logistics-mortuary", "太平间收费太高", "LOGISTICS" },
	{ "office-protest", "家属在大厅拉横幅", "OFFICE" },
	{ "class-report", "我实名举报主任收红包", NULL },
	{ "accept-court", "已经起诉到法院了", NULL },
	{ "accept-police", "公安已经立案侦查", NULL },
	{ "accept-arbitration", "已经申请劳动仲裁", NULL },
	{ "accept-petition", "上级信访部门已经处理过", NULL },
	{ "office-government", "市长热线转来的信件", "OFFICE" },
	{ "office-petition", "再不处理我们就去上访", "OFFICE" },
	{ "office-major", "这是重大事件", "OFFICE" },
	{ "class-emergency", "家属拒绝等待，要求现场急办", NULL },
	{ "flag-safety", "吃了药以后病情恶化", "MEDICAL" },
	{ "flag-group", "十几个人一起来的", NULL },
	{ "flag-media", "我要找记者曝光", "OFFICE" },
	{ "flag-legal", "我已经找了律师", NULL },
	{ "flag-anonymous", "匿名反映一个情况", NULL },
	{ "kind-complaint", "我要投诉", NULL },
	{ "kind-consultation", "请问几点上班", NULL },
	{ "kind-suggestion", "建议多开几个窗口", NULL },
	{ "kind-report", "我要举报", NULL },
	{ "kind-compliment", "表扬一下", NULL },
	{ "kind-thanks", "谢谢护士们的照顾", NULL },
	{ "medical-obstetrics", "产房的医生不让剖腹产", "MEDICAL" },
	{ "medical-dental", "拔牙的时候把旁边的好牙拔掉了", "MEDICAL" },
	{ "medical-ambulance", "打了120救护车一个小时都没来", "MEDICAL" },
	{ "nursing-visiting", "病房下午不让家属探视", "NURSING" },
	{ "finance-closed", "交了两万块钱以后诊所倒闭了", "FINANCE" },
	{ "security-guard-attitude", "门口的保安态度恶劣还骂人", "SECURITY" },
	{ "security-touts", "挂号大厅里有医托把病人带到外面的诊所", "SECURITY" },
	{ "class-violence", "家属在诊室里殴打医生", "SECURITY" },
	{ "medical-privacy", "刚出院就接到推销电话，医院把我的个人信息卖给了商家", "MEDICAL" },
	{ "medical-implant", "骨折手术装的钢板半年就断了", "MEDICAL" },
	{ "medical-implant-fee", "医生让用七千元的钛合金钢板", "MEDICAL" },
	{ "medical-imaging", "做完磁共振被留在检查舱里二十分钟没人管", "MEDICAL" },
	{ "medical-prenatal", "五次产检都说正常，孩子生下来却是唇腭裂", "MEDICAL" },
	{ "nursing-vaccine", "打完才发现疫苗已经过期四个月", "NURSING" },
	{ "nursing-scald", "护工给孩子洗澡忘了兑冷水，孩子被烫伤", "NURSING" },
	{ "finance-payment", "缴费窗口为什么不能用微信支付", "FINANCE" },
	{ "logistics-gate", "医院门口摊贩占道经营，进出都被堵住", "LOGISTICS" },
	{ "ethics-indecent", "做检查的男医生猥亵我，我已经报警", "ETHICS" },
	{ "medical-teaching", "看病时三个实习生围着我练手，没人问过我同意不同意", "MEDICAL" },
	{ "medical-lab-error", "医院说我艾滋病阳性，复查才知道是假阳性", "MEDICAL" },
	{ "logistics-family-beds", "医院不让带陪护床，只能租他们的折叠床", "LOGISTICS" },
	{ "office-protest-family", "家属在医院门口撒冥纸", "OFFICE" },
	{ "class-harm", "护士把吹风机放在保温箱上，孩子的腿被烧黑，最后截肢", "NURSING" },
	{ "nursing-missing", "我父亲住院期间从病房走失，护士第二天才发现", "NURSING" },
	{ "logistics-body-mixup", "医院太平间送错遗体，我们差点把别人的父亲火化了", "LOGISTICS" },
	{ "finance-cashier", "缴费窗口的收款员一直在打电话，让我们干等", "FINANCE" },
	{ "billing-upsell", "手术做到一半医生说要加价三千，不交就不做", "BILLING" },
	{ "medical-overtreated", "病理切片贴错了标签，我妈被当成癌症切了胃", "MEDICAL" },
	{ "ethics-fraud", "有人冒用我的医保卡在医院骗保开药", "ETHICS" },
	{ "ethics-bribe-demand", "医生暗示要塞红包才能安排手术", "ETHICS" },
	{ "medical-medication-error", "医生开错了药，孩子吃了三天", "MEDICAL" },
	{ "nursing-medication-error", "我父亲在急诊输液时护士打错了药", "MEDICAL" },
	{ "nursing-vaccination", "去社区医院几次都说没有疫苗，只能打收费的", "NURSING" },
	{ "medical-drip-reaction", "孩子在诊所输液不到两分钟就开始抽搐", "MEDICAL" },
	{ "medical-death", "我妻子在医院生产时大出血去世，医生一直说没事", "MEDICAL" },
	{ "logistics-fall-facility", "病房窗户没有防护栏，我父亲从窗户坠落", "LOGISTICS" },
	{ "ethics-pocketed", "转院时科室医生额外收了三千块，也没有开票", "ETHICS" },
	{ "finance-debt", "我们欠下医院五万元医疗费，医院就不让出院", "FINANCE" },
	{ "nursing-abuse", "护工嫌老人不听话，动手打病人", "NURSING" },
	{ "medical-ward-mate", "我儿子在精神科被同病房的病人殴打，头部受伤", "MEDICAL" },
	{ "outpatient-visit", "挂专家号看骨折，医生三句话就把我打发了", "OUTPATIENT" },
	{ "security-baby-theft", "刚出生的男婴在病房里被人偷走了", "SECURITY" },
	{ "medical-checkup-missed", "每年都在这里体检，今年却查出肺癌晚期", "MEDICAL" },
	{ "flag-group-infected", "十二名透析患者在医院感染了丙肝", "MEDICAL" },
	{ "medical-surgical-harm", "做完近视手术后眼睛严重散光，疼痛难忍", "MEDICAL" },
	{ "flag-vaccine-reaction", "孩子打完疫苗当晚就发烧，护士说没事", "NURSING" },
};

static void test_each_rule(void **state)
{
	struct rule_suggestion s;
	size_t n = N_ROWS(rule_cases);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		classify(rule_cases[i].text, &s);
		if (!testutil_fired(&s, rule_cases[i].rule))
			fail_msg("'%s' should fire rule %s", rule_cases[i].text, rule_cases[i].rule);
		if (rule_cases[i].lead && strcmp(s.depts[0], rule_cases[i].lead) != 0)
			fail_msg("'%s': lead %s, expected %s", rule_cases[i].text, s.depts[0],
				 rule_cases[i].lead);
	}
	/* Every rule of the default file has a row above. */
	for (int r = 0; r < rules_rule_count(rs); r++) {
		bool found = false;
		for (size_t i = 0; i < n; i++)
			if (strcmp(rule_cases[i].rule, rules_rule_name(rs, r)) == 0)
				found = true;
		if (!found)
			fail_msg("rule %s has no test row", rules_rule_name(rs, r));
	}
}

/* ---------- context: phrases that change the department ---------- */

struct ctx_case {
	const char *text, *lead, *not_dept, *hclass, *flags, *kind;
};

static const struct ctx_case ctx_cases[] = {
	/* 停车 with 收费 is logistics, not billing. */
	{ "停车场收费太贵，一小时十块", "LOGISTICS", "BILLING", "general", "-", "complaint" },
	/* ... but a fee in another sentence still is billing. */
	{ "住院费多收了三百元。停车场也太小了。", "BILLING", NULL, "general", "-", "complaint" },
	/* A nurse's rudeness is nursing, a doctor's is medical. */
	{ "护士态度恶劣，还骂人", "NURSING", "MEDICAL", "general", "-", "complaint" },
	{ "主治医生态度恶劣，还骂人", "MEDICAL", "NURSING", "general", "-", "complaint" },
	/* A doctor taking 红包 is ethics even when surgery is mentioned. */
	{ "做手术之前医生收了我们两千块红包", "ETHICS", "MEDICAL", "general", "-", "complaint" },
	/* An outpatient doctor is the outpatient office's. */
	{ "门诊医生态度很差", "OUTPATIENT", "MEDICAL", "general", "-", "complaint" },
	/* Class raised by rules. */
	{ "我们要去越级上访", "OFFICE", NULL, "important", "-", "complaint" },
	{ "家属聚众闹事，堵在门口", "SECURITY", NULL, "emergency", "group", "complaint" },
	{ "护士打错针了，孩子现在昏迷", "NURSING", NULL, "general", "safety", "complaint" },
	{ "再不解决我就报警，然后去法院起诉", "COMPLAINT", NULL, "general", "legal",
	  "complaint" },
	{ "发视频到抖音让大家看看", "OFFICE", NULL, "important", "media", "complaint" },
	/* A suit already filed is a complex case: important, with the legal flag. */
	{ "家属已经把医院告上了法庭，索赔三十万", "COMPLAINT", NULL, "important", "claim,legal",
	  "complaint" },
	/* "不治" is also "won't treat"; a system "瘫痪" is no paralysis. */
	{ "医生说你还治不治了，不治赶紧走人", "COMPLAINT", "OFFICE", "general", "-", "complaint" },
	{ "挂号系统瘫痪了，一上午挂不上号", "OUTPATIENT", "OFFICE", "general", "-", "complaint" },
	/* Parking touts are the car park's, not the registration office's. */
	{ "医院周边停车位不够，还有停车黄牛收钱", "LOGISTICS", "OUTPATIENT", "general", "-",
	  "complaint" },
	/* A leak of patients' details is the records' (medical), ethics beside it. */
	{ "医院泄露了我的个人信息，天天接到推销电话", "MEDICAL", NULL, "general", "-",
	  "complaint" },
	/* A siren at night is the neighbours' noise, not an ambulance that did not come. */
	{ "医院的救护车半夜回来一路鸣笛，严重扰民", "LOGISTICS", "MEDICAL", "general", "-",
	  "complaint" },
	/* A jump reported afterwards is a death (important), not an emergency on the spot. */
	{ "病人在住院大楼跳楼身亡，家属质疑医院看护不力", "NURSING", NULL, "important", "safety",
	  "complaint" },
	/* The wrong body handed over: the mortuary's, not a protest for the shrine it caused. */
	{ "医院错认尸体，我们已经在家布置了灵堂", "LOGISTICS", "OFFICE", "general", "-",
	  "complaint" },
	/* A carer's surcharge is the carers', not surgery priced up on the table. */
	{ "护工临时加价，不给钱就不管老人", "NURSING", "BILLING", "general", "-", "complaint" },
	/* 质差价贵 holds no 差价 (price difference). */
	{ "医院食堂质差价贵量少", "LOGISTICS", "BILLING", "general", "-", "complaint" },
	/* A guard smelling of drink at the car park till is the car park's. */
	{ "门口收停车费的保安满身酒气，还骂人", "LOGISTICS", NULL, "general", "-", "complaint" },
	/* A group complaint is important (第十五条(二)). */
	{ "多名患者家属聚集在护士站", "NURSING", NULL, "important", "group", "complaint" },
	/* English. */
	{ "The nurse yelled at my mother", "NURSING", NULL, "general", "-", "complaint" },
	{ "We will sue the hospital and call the police", "COMPLAINT", NULL, "general", "legal",
	  "complaint" },
	/* ASCII keywords match at a word start only: "nurse" is not in "nursery". */
	{ "the nursery rhymes", "COMPLAINT", NULL, "general", "-", "complaint" },
	/* "110" alone, not inside another number. */
	{ "我打了110", "COMPLAINT", NULL, "general", "legal", "complaint" },
	{ "收了1100块", "COMPLAINT", NULL, "general", "-", "complaint" },
	/* Harm that cannot be undone is important; a risk alone stays general. */
	{ "护士把吹风机放在保温箱上，孩子的腿被烧黑，最后截肢", "NURSING", NULL, "important", "safety",
	  "complaint" },
	/* Indecent conduct: a report of staff misconduct, important. */
	{ "做检查的男医生猥亵我，我已经报警", "ETHICS", NULL, "important", "legal", "complaint" },
	/* Paper money strewn by a family: on the spot, no crowd needed. */
	{ "家属在医院门口撒冥纸", "OFFICE", NULL, "emergency", "-", "complaint" },
	/* A reporter the complainant phoned is not on its own media. */
	{ "市民致电本报热线，向记者反映住院部电梯坏了好几天", "LOGISTICS", NULL, "general", "-",
	  "complaint" },
	/* 被告知 is not 被告 (a defendant); 怒告 and 求偿 are a suit and a claim. */
	{ "挂号后被告知要等三个小时", "OUTPATIENT", NULL, "general", "-", "complaint" },
	{ "王女怒告牙医，求偿医疗费与精神慰抚金共20万元", "MEDICAL", NULL, "general", "claim,legal",
	  "complaint" },
	/* A drip running out (药快没了) is no reaction to it. */
	{ "输液时药快没了，叫护士半天没人来换", "NURSING", "MEDICAL", "general", "-", "complaint" },
	/* 还清醒 holds no 还清 (a debt paid). */
	{ "上车时她还清醒，说胸口难受", "COMPLAINT", "FINANCE", "general", "-", "complaint" },
	/* Violence told afterwards (the nurse in hospital, stitched, the police case)
	 * is no emergency on the spot; a fight in progress is. */
	{ "家属殴打护士，护士缝了7针，至今还在住院", "SECURITY", NULL, "general", "-",
	  "complaint" },
	{ "家属和医生在诊室里扭打起来", "SECURITY", NULL, "emergency", "-", "complaint" },
	/* A queue of waiting patients is no group complaint. */
	{ "十多个患者家属都要等她一个人打电话", "COMPLAINT", NULL, "general", "-", "complaint" },
	/* A fracture from a fall is harm done: important. */
	{ "我在医院洗手间门口滑倒，造成粉碎性骨折", "NURSING", NULL, "important", "safety",
	  "complaint" },
	/* A patient dropped from a stretcher is a fall: safety. */
	{ "护工把病人从担架上摔下", "NURSING", NULL, "general", "safety", "complaint" },
};

static void test_context(void **state)
{
	struct rule_suggestion s;
	char flags[64];

	(void)state;
	for (size_t i = 0; i < N_ROWS(ctx_cases); i++) {
		const struct ctx_case *c = &ctx_cases[i];
		classify(c->text, &s);
		flags_of(&s, flags, sizeof flags);
		if (strcmp(s.depts[0], c->lead) != 0 || strcmp(class_code(s.hclass), c->hclass) != 0 ||
		    strcmp(flags, c->flags) != 0 || strcmp(kind_code(s.kind), c->kind) != 0)
			fail_msg("'%s': got %s %s %s %s, expected %s %s %s %s", c->text, s.depts[0],
				 class_code(s.hclass), flags, kind_code(s.kind), c->lead, c->hclass,
				 c->flags, c->kind);
		if (c->not_dept && has_dept(&s, c->not_dept))
			fail_msg("'%s': %s should not be a department", c->text, c->not_dept);
	}
}

/* ---------- defaults ---------- */

static void test_defaults(void **state)
{
	struct rule_suggestion s;
	const char *texts[] = { "我想反映一个问题。", "", "abc", "   " };

	(void)state;
	for (size_t i = 0; i < N_ROWS(texts); i++) {
		classify(texts[i], &s);
		assert_true(s.defaulted);
		assert_string_equal(s.depts[0], "COMPLAINT");
		assert_int_equal(s.ndepts, 1);
		assert_int_equal(s.hclass, CLASS_GENERAL);
		assert_int_equal(s.kind, KIND_COMPLAINT);
		assert_int_equal(s.flags, 0);
		assert_int_equal(s.ncategories, 1);
		assert_string_equal(s.categories[0], "other");
		assert_true(testutil_fired(&s, "default"));
		assert_non_null(strstr(s.reasons[1].detail, "by default"));
	}
	/* Every part has a reason. */
	classify("护士态度差", &s);
	for (const char *part = "kind"; part; part = NULL) {
		bool k = false, d = false, c = false, cat = false;
		for (int i = 0; i < s.nreasons; i++) {
			k |= strcmp(s.reasons[i].part, "kind") == 0;
			d |= strcmp(s.reasons[i].part, "dept") == 0;
			c |= strcmp(s.reasons[i].part, "class") == 0;
			cat |= strcmp(s.reasons[i].part, "category") == 0;
		}
		assert_true(k && d && c && cat);
	}
	assert_false(s.defaulted);
}

/* ---------- multi-department ---------- */

static void test_multi_department(void **state)
{
	struct rule_suggestion s;
	struct cdatetime at = { 0 }, due;
	struct err e = { 0 };
	char buf[24];

	(void)state;
	classify("护士打针技术太差，扎了好几次。住院费用清单里还重复收费。", &s);
	assert_string_equal(s.depts[0], "BILLING");
	assert_true(has_dept(&s, "NURSING"));
	assert_true(s.ndepts >= 2);
	assert_int_equal(s.hclass, CLASS_GENERAL);
	assert_int_equal(date_from_ymd(2026, 11, 27, &at.day), 0);
	at.sec = 9 * 3600;
	assert_int_equal(rules_due_reply(rs, cal, s.hclass, s.ndepts, at, &due, &e), 0);
	assert_string_equal(datetime_format(due, buf), "2026-12-11 23:59:59");   /* 10 days */
	assert_int_equal(rules_due_reply(rs, cal, s.hclass, 1, at, &due, &e), 0);
	assert_string_equal(datetime_format(due, buf), "2026-12-04 23:59:59");   /* 5 days */
}

/* ---------- medication errors (a walk in the TUI) ---------- */

/*
 * A drug wrongly given, dispensed, prescribed or dripped is a medical safety
 * matter: Medical Affairs leads (第二十一条: 医务科 acts on what may endanger
 * a patient), the nurses are a co-department when a nurse or a drip gave it,
 * and the safety flag is set.
 */
struct medication_case {
	const char *text;
	bool nurses;            /* NURSING expected among the co-departments */
};

static const struct medication_case medication_cases[] = {
	{ "我父亲在急诊输液时护士打错了药", true },
	{ "护士给我妈输错液了，输的是隔壁床的", true },
	{ "出院时护士发错药，我妈吃了四天", true },
	{ "药房拿错药了，回家才发现", false },
	{ "医生开错药，孩子吃了以后一直吐", false },
	{ "医院给我用错了药", false },
	{ "護士打錯藥了", true },
};

static void test_medication_error(void **state)
{
	struct rule_suggestion s;
	char fl[64];

	(void)state;
	for (size_t i = 0; i < N_ROWS(medication_cases); i++) {
		const struct medication_case *c = &medication_cases[i];
		classify(c->text, &s);
		if (s.ndepts < 1 || strcmp(s.depts[0], "MEDICAL") != 0)
			fail_msg("'%s': lead %s, expected MEDICAL", c->text,
				 s.ndepts ? s.depts[0] : "(none)");
		if (!(s.flags & FLAG_SAFETY))
			fail_msg("'%s': flags %s, expected safety", c->text,
				 flags_of(&s, fl, sizeof fl));
		if (c->nurses && !has_dept(&s, "NURSING"))
			fail_msg("'%s': NURSING is not a co-department", c->text);
	}
}

/* ---------- the claim's reason quotes the clerk's text ---------- */

/* The detail of the reason that read the claim from the text, or NULL. */
static const char *claim_detail(const struct rule_suggestion *s)
{
	for (int i = 0; i < s->nreasons; i++)
		if (strcmp(s->reasons[i].part, "claim") == 0 &&
		    strcmp(s->reasons[i].rule, "text") == 0)
			return s->reasons[i].detail;
	return NULL;
}

struct quote_case {
	const char *text;
	const char *quote;      /* what the reason quotes, as typed */
};

static const struct quote_case quote_cases[] = {
	/* from the phrase, not from inside 恶劣, and the clerk's "，" kept out */
	{ "还态度恶劣，要求赔偿5000元", "'要求赔偿5000元'" },
	/* the characters as typed: traditional, full-width digits */
	{ "護士態度惡劣，要求賠償５０００元", "'要求賠償５０００元'" },
	{ "醫生誤診。我們要求醫院賠償３萬元。", "'我們要求醫院賠償３萬元'" },
	/* a long phrase without a stop: from the earliest cue near the amount */
	{ "患者家属在医院门诊大厅里面等了整整一个上午最后要求医院赔偿两万元",
	  "'要求医院赔偿两万元'" },
	/* the claim first in the text */
	{ "赔偿2万元，否则起诉", "'赔偿2万元'" },
};

static void test_claim_quote(void **state)
{
	struct rule_suggestion s;
	const char *d;

	(void)state;
	for (size_t i = 0; i < N_ROWS(quote_cases); i++) {
		const struct quote_case *c = &quote_cases[i];
		classify(c->text, &s);
		d = claim_detail(&s);
		if (!d || strncmp(d, c->quote, strlen(c->quote)) != 0 ||
		    strncmp(d + strlen(c->quote), " →", strlen(" →")) != 0)
			fail_msg("'%s': reason \"%s\", expected it to quote %s", c->text,
				 d ? d : "(none)", c->quote);
	}
}

/* ---------- amounts and the claim threshold ---------- */

struct claim_case {
	const char *text;
	long long fen;          /* claim read from the text */
	bool flag;
};

static const struct claim_case claim_cases[] = {
	{ "要求赔偿15万元", 15000000, true },
	{ "要求医院赔2万元", 2000000, true },
	{ "索赔12000元", 1200000, true },
	{ "要求赔偿一万元", 1000000, true },
	{ "赔我五千块就算了", 500000, false },
	{ "要求赔偿9999元", 999900, false },
	{ "要求赔偿10000元", 1000000, true },
	{ "要求赔偿一万二", 1200000, true },
	{ "赔偿1.5万", 1500000, true },
	{ "赔偿 ¥20,000", 2000000, true },
	{ "赔偿十五万", 15000000, true },
	{ "赔偿2万5", 2500000, true },
	{ "赔偿2万5千元", 2500000, true },
	{ "赔偿2万500元", 2050000, true },
	{ "要求赔偿三千多块", 300000, false },
	{ "要求赔偿两千五百元", 250000, false },
	{ "赔偿一百二十万", 120000000, true },
	{ "赔偿三十万元精神损失费", 30000000, true },
	{ "we demand compensation of 200,000 yuan", 20000000, true },
	{ "RMB 50000 as compensation", 5000000, true },
	/* No claim cue near the amount: not a claim. */
	{ "住院一共花了5万元", 0, false },
	{ "停车收了二十块", 0, false },
	/* Numbers that are not money. */
	{ "要求赔偿，等了3个小时", 0, false },
	{ "要求一万个道歉", 0, false },
	/* The largest claim wins. */
	{ "先要求赔偿3000元，后来又要求赔偿5万元", 5000000, true },
};

static void test_claims(void **state)
{
	struct rule_suggestion s;
	struct rule_input in = { 0 };

	(void)state;
	for (size_t i = 0; i < N_ROWS(claim_cases); i++) {
		const struct claim_case *c = &claim_cases[i];
		classify(c->text, &s);
		if (s.claim_fen != c->fen || ((s.flags & FLAG_CLAIM) != 0) != c->flag)
			fail_msg("'%s': claim %lld fen flag %d, expected %lld flag %d", c->text,
				 (long long)s.claim_fen, (s.flags & FLAG_CLAIM) != 0, c->fen, c->flag);
	}
	/* Typed amounts: 9999 yuan is below, 10000 at the threshold. */
	in.text = "护士态度差";
	in.channel = -1;
	in.claim_fen = 999900;
	rules_classify(rs, &in, &s);
	assert_false(s.flags & FLAG_CLAIM);
	assert_true(s.claim_fen == 999900);
	in.claim_fen = 1000000;
	rules_classify(rs, &in, &s);
	assert_true(s.flags & FLAG_CLAIM);
	assert_true(testutil_fired(&s, "threshold"));
	/* The typed amount wins over the text's. */
	in.text = "要求赔偿50万元";
	in.claim_fen = 500000;
	rules_classify(rs, &in, &s);
	assert_true(s.claim_fen == 500000);
	assert_false(s.flags & FLAG_CLAIM);
	/* An amount in the demand needs no cue. */
	in.text = "手术后一直疼";
	in.demand = "3万元";
	in.claim_fen = 0;
	rules_classify(rs, &in, &s);
	assert_true(s.claim_fen == 3000000);
	assert_true(s.flags & FLAG_CLAIM);
	/* Group size and anonymity from the fields. */
	in.demand = NULL;
	in.group_size = 5;
	in.anonymous = true;
	rules_classify(rs, &in, &s);
	assert_true(s.flags & FLAG_GROUP);
	assert_true(s.flags & FLAG_ANONYMOUS);
	in.group_size = 1;
	in.anonymous = false;
	rules_classify(rs, &in, &s);
	assert_false(s.flags & (FLAG_GROUP | FLAG_ANONYMOUS));
}

/* ---------- kinds ---------- */

struct kind_case {
	const char *text;
	enum case_kind kind;
	enum handling_class hclass;
};

static const struct kind_case kind_cases[] = {
	{ "请问周末可以挂号吗？", KIND_CONSULTATION, CLASS_SIMPLE },
	{ "想了解一下住院押金怎么退", KIND_CONSULTATION, CLASS_SIMPLE },
	{ "How do I book an appointment?", KIND_CONSULTATION, CLASS_SIMPLE },
	{ "建议医院增加停车位", KIND_SUGGESTION, CLASS_GENERAL },
	{ "I suggest longer visiting hours", KIND_SUGGESTION, CLASS_GENERAL },
	/* A 举报 of named staff misconduct is important (第十五条(二)). */
	{ "我要举报医生收红包", KIND_REPORT, CLASS_IMPORTANT },
	{ "表扬骨科的张医生，医术高明", KIND_COMPLIMENT, CLASS_SIMPLE },
	{ "Thank you to the ICU nurses", KIND_COMPLIMENT, CLASS_SIMPLE },
	{ "护士态度太差，我要投诉", KIND_COMPLAINT, CLASS_GENERAL },
	/* A question inside a complaint is still a complaint (a tie goes to complaint). */
	{ "请问你们的投诉电话是多少？护士太差了", KIND_COMPLAINT, CLASS_GENERAL },
	/* A consultation that a rule raises keeps the raised class. */
	{ "请问越级上访要找谁", KIND_CONSULTATION, CLASS_IMPORTANT },
	{ "没有任何提示词", KIND_COMPLAINT, CLASS_GENERAL },
};

static void test_kinds(void **state)
{
	struct rule_suggestion s;

	(void)state;
	for (size_t i = 0; i < N_ROWS(kind_cases); i++) {
		classify(kind_cases[i].text, &s);
		if (s.kind != kind_cases[i].kind || s.hclass != kind_cases[i].hclass)
			fail_msg("'%s': %s %s, expected %s %s", kind_cases[i].text,
				 kind_code(s.kind), class_code(s.hclass),
				 kind_code(kind_cases[i].kind), class_code(kind_cases[i].hclass));
	}
}

/* ---------- traditional characters ---------- */

static void test_traditional(void **state)
{
	static const char *pairs[][2] = {
		{ "護士態度惡劣，還罵人", "护士态度恶劣，还骂人" },
		{ "醫生收了紅包", "医生收了红包" },
		{ "停車場收費太貴", "停车场收费太贵" },
		{ "誤診導致病情惡化，要求賠償二十萬元", "误诊导致病情恶化，要求赔偿二十万元" },
		{ "掛號排隊等了三個小時", "挂号排队等了三个小时" },
		{ "記者來採訪，我們要去法院起訴", "记者来采访，我们要去法院起诉" },
		{ "請問複印病歷需要帶什麼", "请问复印病历需要带什么" },
		{ "ＮＵＲＳＥ　ｗａｓ　ｒｕｄｅ", "nurse was rude" },
	};
	struct rule_suggestion a, b;
	char out[256], flags_a[64], flags_b[64];

	(void)state;
	assert_true(fold_pair_count() >= 300);
	fold_text("醫護人員態度", strlen("醫護人員態度"), out);
	assert_string_equal(out, "医护人员态度");
	fold_text("ＡＢＣ１２３　x", strlen("ＡＢＣ１２３　x"), out);
	assert_string_equal(out, "abc123 x");
	fold_text("\xff\xfe護", 5, out);                 /* invalid bytes pass through */
	assert_memory_equal(out, "\xff\xfe护", 5);
	/* a character boundary of the folded text is one of the original */
	fold_text("護士ＡＢ，要求", strlen("護士ＡＢ，要求"), out);
	assert_string_equal(out, "护士ab,要求");
	assert_int_equal(fold_source_offset("護士ＡＢ，要求", strlen("護士ＡＢ，要求"), 6), 6);
	assert_int_equal(fold_source_offset("護士ＡＢ，要求", strlen("護士ＡＢ，要求"), 8), 12);
	assert_int_equal(fold_source_offset("護士ＡＢ，要求", strlen("護士ＡＢ，要求"), 9), 15);
	assert_int_equal(fold_source_offset("護士ＡＢ，要求", strlen("護士ＡＢ，要求"), 15),
			 strlen("護士ＡＢ，要求"));
	assert_int_equal(fold_source_offset("\xff\xfe護", 5, 2), 2);    /* bytes copied one by one */
	for (size_t i = 0; i < N_ROWS(pairs); i++) {
		classify(pairs[i][0], &a);
		classify(pairs[i][1], &b);
		if (strcmp(a.depts[0], b.depts[0]) != 0 || a.hclass != b.hclass ||
		    a.flags != b.flags || a.kind != b.kind || a.claim_fen != b.claim_fen ||
		    a.defaulted)
			fail_msg("'%s' → %s %s %s, but '%s' → %s %s %s", pairs[i][0], a.depts[0],
				 class_code(a.hclass), flags_of(&a, flags_a, sizeof flags_a),
				 pairs[i][1], b.depts[0], class_code(b.hclass),
				 flags_of(&b, flags_b, sizeof flags_b));
	}
}


/* ---------- the corpus ---------- */

/*
 * tests/data/complaints.tsv: lead department, class, flags and kind all as
 * expected. Reached 113 of 118 (95.8%); the test holds 95%. The last 40 rows
 * were written blind: their first run scored 33/40 (82.5%) before the rules
 * were extended.
 * The misses are texts a person reads one way and the weights another
 * (bench_rules -v lists them).
 */
#define CORPUS_MIN_PERMILLE 950

static void test_corpus(void **state)
{
	struct corpus c;
	struct rule_input in;
	struct rule_suggestion s;
	char why[512];
	int hits = 0;

	(void)state;
	assert_int_equal(corpus_load(SRC("tests/data/complaints.tsv"), &c), 0);
	assert_true(c.n >= 60);
	for (int i = 0; i < c.n; i++) {
		corpus_input(&c.rows[i], &in);
		rules_classify(rs, &in, &s);
		if (corpus_hit(&c.rows[i], &s, why, sizeof why))
			hits++;
		else
			print_message("# miss %s\n", why);
	}
	print_message("# corpus: %d/%d = %.1f%%\n", hits, c.n, 100.0 * hits / c.n);
	assert_true(hits * 1000 >= CORPUS_MIN_PERMILLE * c.n);
	corpus_free(&c);
}

/* ---------- robustness ---------- */

static void test_robust(void **state)
{
	struct rule_suggestion s;
	struct sbuf b = { 0 };
	unsigned seed = 12345;
	char buf[2048];

	(void)state;
	/* Random bytes, including invalid UTF-8 and NULs cut short: no crash, a result. */
	for (int round = 0; round < 300; round++) {
		size_t n = (size_t)(round * 7 % 2000);
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			buf[i] = (char)((seed >> 16) & 0xFF);
			if (!buf[i])
				buf[i] = '1';
		}
		buf[n] = '\0';
		classify(buf, &s);
		assert_true(s.ndepts >= 1 && s.ndepts <= RULES_MAX_DEPTS);
		assert_true(s.nreasons >= 1 && s.nreasons <= RULES_MAX_REASONS);
	}
	/* A long text of many sentences and keywords: reasons stay valid UTF-8. */
	for (int i = 0; i < 300; i++)
		sbuf_addf(&b, "护士态度差，骂人，不耐烦，冷漠，甩脸，输液跑针，停车场收费贵，医生收红包，"
			  "误诊，记者曝光，报警，要求赔偿%d万元。", i + 1);
	classify(b.s, &s);
	for (int i = 0; i < s.nreasons; i++)
		assert_true(text_utf8_valid(s.reasons[i].detail, strlen(s.reasons[i].detail)));
	assert_true(s.claim_fen == 300LL * 10000 * 100);
	assert_true(s.ndepts >= 3);
	sbuf_free(&b);
}

/* ---------- due dates ---------- */

enum clock { REPLY, FEEDBACK, REVIEW };

struct due_case {
	enum clock clock;
	enum handling_class hclass;
	int ndepts;
	const char *at;         /* received / transferred / requested */
	const char *want;
	const char *why;
};

static const struct due_case due_cases[] = {
	/* General, one department: 5 working days, the day of receipt not counted. */
	{ REPLY, CLASS_GENERAL, 1, "2026-11-27 09:00", "2026-12-04 23:59:59", "Fri, a weekend" },
	{ REPLY, CLASS_GENERAL, 1, "2026-11-28 09:00", "2026-12-04 23:59:59", "received Sat" },
	{ REPLY, CLASS_GENERAL, 1, "2026-11-27 23:59", "2026-12-04 23:59:59", "late Fri" },
	{ REPLY, CLASS_GENERAL, 1, "2025-09-30 10:00", "2025-10-14 23:59:59", "国庆 2025" },
	{ REPLY, CLASS_GENERAL, 1, "2025-12-31 10:00", "2026-01-08 23:59:59", "元旦, make-up Sun" },
	{ REPLY, CLASS_GENERAL, 1, "2026-09-30 10:00", "2026-10-13 23:59:59", "国庆 2026" },
	/* Several departments, and important: 10 working days. */
	{ REPLY, CLASS_GENERAL, 2, "2025-09-30 10:00", "2025-10-21 23:59:59", "multi, 国庆" },
	{ REPLY, CLASS_IMPORTANT, 1, "2026-11-27 09:00", "2026-12-11 23:59:59", "important" },
	{ REPLY, CLASS_IMPORTANT, 3, "2026-11-27 09:00", "2026-12-11 23:59:59", "important multi" },
	/* Simple: the same day, unless after the cutoff or on a day off. */
	{ REPLY, CLASS_SIMPLE, 1, "2026-11-27 17:29", "2026-11-27 23:59:59", "before cutoff" },
	{ REPLY, CLASS_SIMPLE, 1, "2026-11-27 17:30", "2026-11-27 23:59:59", "at the cutoff" },
	{ REPLY, CLASS_SIMPLE, 1, "2026-11-27 17:31", "2026-11-30 23:59:59", "after cutoff, Fri" },
	{ REPLY, CLASS_SIMPLE, 1, "2026-11-25 17:31", "2026-11-26 23:59:59", "after cutoff, Wed" },
	{ REPLY, CLASS_SIMPLE, 1, "2026-11-29 10:00", "2026-11-30 23:59:59", "Sunday" },
	{ REPLY, CLASS_SIMPLE, 1, "2025-10-03 10:00", "2025-10-09 23:59:59", "holiday" },
	{ REPLY, CLASS_SIMPLE, 1, "2026-02-13 17:31", "2026-02-14 23:59:59", "make-up Sat next" },
	{ REPLY, CLASS_SIMPLE, 1, "2026-02-14 09:00", "2026-02-14 23:59:59", "on a make-up Sat" },
	/* Emergency: clock hours, days off included. */
	{ REPLY, CLASS_EMERGENCY, 1, "2026-11-27 16:30", "2026-11-27 18:30:00", "2 hours" },
	{ REPLY, CLASS_EMERGENCY, 1, "2026-12-31 23:00", "2027-01-01 01:00:00", "over midnight" },
	{ REPLY, CLASS_EMERGENCY, 2, "2026-10-01 10:15", "2026-10-01 12:15:00", "on a holiday" },
	/* Department feedback: 3 days for a 5-day case, 7 for a 10-day case. */
	{ FEEDBACK, CLASS_GENERAL, 1, "2026-02-13 10:00", "2026-02-25 23:59:59", "春节" },
	{ FEEDBACK, CLASS_GENERAL, 2, "2026-02-13 10:00", "2026-03-02 23:59:59", "春节, multi" },
	{ FEEDBACK, CLASS_IMPORTANT, 1, "2026-02-13 10:00", "2026-03-02 23:59:59", "important" },
	{ FEEDBACK, CLASS_EMERGENCY, 1, "2026-11-27 10:00", "2026-11-27 12:00:00", "hours" },
	{ FEEDBACK, CLASS_SIMPLE, 1, "2026-11-27 18:00", "2026-11-30 23:59:59", "same day, late" },
	/* Review: 10 working days. */
	{ REVIEW, CLASS_GENERAL, 1, "2025-09-30 10:00", "2025-10-21 23:59:59", "review" },
	{ REVIEW, CLASS_GENERAL, 1, "2026-11-27 09:00", "2026-12-11 23:59:59", "review" },
};

static void test_due(void **state)
{
	struct cdatetime at, due;
	struct err e = { 0 };
	char buf[24];

	(void)state;
	for (size_t i = 0; i < N_ROWS(due_cases); i++) {
		const struct due_case *d = &due_cases[i];
		int rc;

		assert_int_equal(datetime_parse(d->at, &at, &e), 0);
		if (d->clock == REPLY)
			rc = rules_due_reply(rs, cal, d->hclass, d->ndepts, at, &due, &e);
		else if (d->clock == FEEDBACK)
			rc = rules_due_feedback(rs, cal, d->hclass, d->ndepts, at, &due, &e);
		else
			rc = rules_due_review(rs, cal, at, &due, &e);
		if (rc || strcmp(datetime_format(due, buf), d->want) != 0)
			fail_msg("%s %s x%d from %s (%s): got %s rc %d, expected %s",
				 d->clock == REPLY ? "reply" : d->clock == FEEDBACK ? "feedback" : "review",
				 class_code(d->hclass), d->ndepts, d->at, d->why, rc ? e.msg : buf, rc,
				 d->want);
	}
	/* Out of the calendar's range. */
	assert_int_equal(datetime_parse("1990-01-01 10:00", &at, &e), 0);
	assert_int_equal(rules_due_reply(rs, cal, CLASS_GENERAL, 1, at, &due, &e), ERR_USAGE);
	assert_non_null(strstr(e.msg, "outside the calendar's range"));
	assert_int_equal(rules_due_reply(rs, cal, (enum handling_class)9, 1, at, &due, &e),
			 ERR_USAGE);
}

TESTUTIL_MAIN(setup, teardown,
	      cmocka_unit_test(test_default_file),
	      cmocka_unit_test(test_each_rule),
	      cmocka_unit_test(test_context),
	      cmocka_unit_test(test_defaults),
	      cmocka_unit_test(test_multi_department),
	      cmocka_unit_test(test_claims),
	      cmocka_unit_test(test_medication_error),
	      cmocka_unit_test(test_claim_quote),
	      cmocka_unit_test(test_kinds),
	      cmocka_unit_test(test_traditional),
	      cmocka_unit_test(test_corpus),
	      cmocka_unit_test(test_robust),
	      cmocka_unit_test(test_due))
