/* The demo's words: people, places and complaint texts built from templates, all from a seeded generator. */
#include "core/demo.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

void demo_rng_seed(struct demo_rng *r, uint64_t seed)
{
	r->state = seed ^ 0x6a09e667f3bcc908ULL;
	(void)demo_rng_u64(r);
}

/* splitmix64 (Steele, Lea, Flood 2014): passes BigCrush, one add and two
 * multiplies a number, and trivially reproducible. */
uint64_t demo_rng_u64(struct demo_rng *r)
{
	uint64_t z = (r->state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

int demo_rng_below(struct demo_rng *r, int n)
{
	if (n <= 1)
		return 0;
	/* Lemire's multiply-shift: unbiased enough for n far below 2^32. */
	return (int)(((demo_rng_u64(r) >> 32) * (uint64_t)n) >> 32);
}

bool demo_rng_chance(struct demo_rng *r, int permille)
{
	return demo_rng_below(r, 1000) < permille;
}

#define PICK(r, a) ((a)[demo_rng_below((r), N(a))])

static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱",
	"胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯",
	"邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜",
	"叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭",
	"陆", "汪", "范", "金", "石", "廖", "贾", "夏", "韦", "方", "白", "邹", "孟", "熊",
	"秦", "邱", "江", "尹", "薛", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺", "顾",
	"毛", "郝", "龚", "邵", "万", "钱", "严", "武", "戴", "莫", "孔", "汤", "欧阳", "司马",
};
static const char *const given_chars[] = {
	"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
	"涛", "明", "超", "秀", "英", "霞", "平", "刚", "桂", "兰", "华", "建", "国", "文",
	"辉", "玲", "红", "志", "海", "鹏", "斌", "俊", "峰", "丹", "琳", "晨", "宇", "浩",
	"欣", "怡", "佳", "婷", "雪", "梅", "春", "玉", "凤", "德", "福", "荣", "成", "林",
	"振", "淑", "珍", "家", "思", "子", "雨", "嘉", "睿", "博", "泽", "瑶", "萱", "诗",
};
static const char *const relations[] = {
	"本人", "本人", "本人", "父亲", "母亲", "儿子", "女儿", "丈夫", "妻子", "兄弟", "姐妹",
	"孙子", "孙女", "朋友", "同事", "儿媳", "女婿",
};
/* How the complainant speaks of the patient, by relation (patient = relative of complainant). */
static const struct { const char *rel, *says; } patient_word[] = {
	{ "本人", "我" }, { "父亲", "我女儿" }, { "母亲", "我儿子" }, { "儿子", "我父亲" },
	{ "女儿", "我母亲" }, { "丈夫", "我爱人" }, { "妻子", "我爱人" }, { "兄弟", "我哥哥" },
	{ "姐妹", "我妹妹" }, { "孙子", "我爷爷" }, { "孙女", "我奶奶" }, { "朋友", "我朋友" },
	{ "同事", "我同事" }, { "儿媳", "我婆婆" }, { "女婿", "我岳父" },
};
static const char *const districts[] = {
	"城关区", "东城区", "西城区", "南湖区", "北苑区", "高新区", "经开区", "滨江区", "江北区",
	"临河区", "新城区", "老城区",
};
static const char *const roads[] = {
	"人民路", "解放路", "中山路", "建设路", "和平路", "胜利街", "文化路", "健康路", "友谊路",
	"朝阳路", "光明街", "长江路", "黄河路", "新华路", "学院路", "幸福里",
};
static const char *const towns[] = {
	"城南镇", "河西乡", "青山镇", "柳林镇", "白沙乡", "石桥镇", "新集镇",
};
static const char *const when_words[] = {
	"上午", "下午", "晚上", "中午", "凌晨", "早上",
};
static const char *const rude_quotes[] = {
	"你们家属懂什么，别在这瞎指挥", "没看到我正忙着吗，等着", "嫌慢就去别的医院",
	"这是规定，跟我说没用", "有本事你去投诉啊", "又不是只有你一个病人",
};
static const char *const bill_items[] = {
	"CT检查费", "一次性耗材费", "心电监护费", "特级护理费", "静脉输液费", "床位费",
	"血气分析", "雾化吸入费", "换药费", "磁共振检查费", "留置针费用", "吸氧费",
};
static const char *const operations[] = {
	"阑尾切除术", "腹腔镜胆囊切除术", "膝关节置换术", "剖宫产手术", "甲状腺切除术",
	"白内障手术", "腰椎间盘手术", "疝修补术", "心脏支架手术", "股骨骨折内固定术",
	"扁桃体切除术", "子宫肌瘤剔除术",
};
static const char *const complications[] = {
	"切口感染，反复发烧", "术后大出血，转入重症监护室", "神经损伤，一条腿至今麻木",
	"伤口裂开，又做了第二次手术", "肠粘连，吃不下东西", "术后视力反而下降",
	"内固定松动，需要重新手术", "肺部感染住院一个多月",
};
static const char *const diagnoses[] = {
	"普通感冒", "胃炎", "肌肉拉伤", "焦虑症", "颈椎病", "消化不良",
};
static const char *const real_illness[] = {
	"急性心肌梗死", "阑尾炎穿孔", "肺癌", "脑梗塞", "宫外孕", "骨折", "急性胰腺炎",
};
static const char *const lost_items[] = {
	"手机", "钱包", "身份证和医保卡", "一个黑色双肩包", "电动车", "金项链",
};

/* Digits with a check: the 18th character of a resident ID (GB 11643). */
static void make_id_number(struct demo_rng *r, char out[20])
{
	static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	static const char check[] = "10X98765432";
	int y = 1940 + demo_rng_below(r, 65), m = 1 + demo_rng_below(r, 12),
	    d = 1 + demo_rng_below(r, 28), sum = 0;

	snprintf(out, 20, "%06d%04d%02d%02d%03d", 110101 + demo_rng_below(r, 540000),
		 y, m, d, demo_rng_below(r, 1000));
	for (int i = 0; i < 17; i++)
		sum += (out[i] - '0') * w[i];
	out[17] = check[sum % 11];
	out[18] = '\0';
}

static void make_name(struct demo_rng *r, char *out, size_t size)
{
	const char *s = PICK(r, surnames);

	if (demo_rng_chance(r, 300))
		snprintf(out, size, "%s%s", s, PICK(r, given_chars));
	else
		snprintf(out, size, "%s%s%s", s, PICK(r, given_chars), PICK(r, given_chars));
}

static void make_phone(struct demo_rng *r, char *out, size_t size)
{
	static const int prefixes[] = { 130, 131, 132, 133, 135, 136, 137, 138, 139, 150, 151,
					152, 155, 156, 157, 158, 159, 176, 177, 178, 180, 181,
					182, 183, 185, 186, 187, 188, 189, 199 };

	if (demo_rng_chance(r, 80))
		snprintf(out, size, "0%d-%d%07d", 10 + demo_rng_below(r, 890),
			 2 + demo_rng_below(r, 7), demo_rng_below(r, 10000000));
	else
		snprintf(out, size, "%d%04d%04d", PICK(r, prefixes), demo_rng_below(r, 10000),
			 demo_rng_below(r, 10000));
}

static void make_address(struct demo_rng *r, char *out, size_t size)
{
	if (demo_rng_chance(r, 200))
		snprintf(out, size, "%s%s村%d组%d号", PICK(r, towns), PICK(r, surnames),
			 1 + demo_rng_below(r, 12), 1 + demo_rng_below(r, 80));
	else
		snprintf(out, size, "%s%s%d号%s%d栋%d单元%d室", PICK(r, districts), PICK(r, roads),
			 1 + demo_rng_below(r, 400), demo_rng_chance(r, 500) ? "阳光小区" : "",
			 1 + demo_rng_below(r, 30), 1 + demo_rng_below(r, 6),
			 (1 + demo_rng_below(r, 30)) * 100 + 1 + demo_rng_below(r, 4));
}

/*
 * One topic: its department in words (the rule module decides the codes),
 * the kind, its share of the cases, and templates for the account and the
 * demand. Placeholders: {P} the patient as the complainant says it, {U} the
 * subject unit, {SN} a nurse ("护士", "王护士", "姓王的护士"),
 * {SD} a doctor ("医生", "王医生"), {D} the visit date, {T} a time
 * of day, {M} a small sum, {C} the claim, {H} hours, {N} a small number,
 * {I} a billing item, {O} an operation, {X} a complication, {Q} rude words,
 * {G} a wrong diagnosis, {R} the real illness, {L} a lost item.
 */
struct topic {
	const char *name;
	enum case_kind kind;
	int weight;                 /* per thousand cases */
	int claim_permille;         /* cases of this topic with a claim */
	int64_t claim_min, claim_max; /* yuan */
	const char *material;       /* typical document handed in, or NULL */
	const char *texts[8];
	const char *demands[5];
};

static const struct topic topics[TOPIC__COUNT] = {
	[TOPIC_NURSING] = { "nursing", KIND_COMPLAINT, 150, 20, 500, 3000, NULL, {
		"{D}{P}在{U}住院输液，{SN}扎针扎了{N}次都没扎进去，手背都青了，态度还很不耐烦，说“{Q}”。家属很气愤。",
		"{P}在{U}住院期间，{T}按呼叫铃二十多分钟没有护士来，输液瓶空了已经回血，值班的{SN}说人手不够忙不过来。",
		"{D}{SN}给{P}打针时一边打电话一边操作，我们提醒了一句，她反而说“{Q}”，护理态度非常差。",
		"{P}在{U}做完检查回病房，护士没有按医嘱按时换药，伤口渗液也没人管，陪护家属去找了{N}次护士站才来处理。",
		"{U}的护士交接班时把{P}的输液药品弄错了，幸亏家属发现及时，{SN}只说了一句“看错了”，没有任何解释。",
		"陪护{P}住院{N}天，{U}病房护士夜间巡视很少，{T}{P}摔倒在卫生间，呼叫很久才有人来。",
		"{SN}给{P}抽血时态度粗暴，抽完不按压就走了，胳膊肿了一大块，问她她说“{Q}”。",
	}, {
		"要求护士当面道歉，加强护理人员培训。",
		"要求医院严肃处理当事护士，并给出书面答复。",
		"希望护理部重视，改善夜间护理人手。",
		"要求调换护士，并说明情况。",
	} },
	[TOPIC_WAITING] = { "waiting", KIND_COMPLAINT, 120, 0, 0, 0, NULL, {
		"{D}在门诊挂了{U}的号，预约的是上午九点，一直等到中午十二点多还没叫到，中间看到有人插队，分诊台护士不管。",
		"{P}在{U}门诊候诊{H}个小时，叫号系统一直不动，问导医台说专家临时去开会了，挂号时却没有任何提示。",
		"门诊挂号排队的人太多，自助机坏了{N}台没人修，窗口只开了两个，老人排了{H}个小时才挂上号。",
		"{D}带{P}来{U}看病，候诊室人满为患没有座位，门诊医生看一个病人不到两分钟，开了检查又要重新排队。",
		"预约了{D}的{U}专家号，到了以后被告知医生停诊，也没有短信通知，白跑一趟，来回路上{H}个小时。",
		"做检查排队{N}天都排不上，{U}门诊医生说只能等，病情耽误了谁负责？",
	}, {
		"要求改进门诊排队叫号管理，杜绝插队。",
		"希望医院增加挂号窗口和自助机。",
		"要求退还挂号费，并说明停诊为何不通知。",
		"希望合理安排门诊医生，缩短候诊时间。",
	} },
	[TOPIC_BILLING] = { "billing", KIND_COMPLAINT, 110, 0, 0, 0, "收费票据及费用清单复印件", {
		"{P}出院结算时发现费用清单上有{I}，但实际上根本没有做过，多收了{M}元，收费处说要找科室。",
		"{P}在{U}住院{N}天，清单里每天都收{I}，可是只做了一次，明显是乱收费。",
		"门诊缴费时同一项{I}收了两次，共{M}元，退费手续非常麻烦，跑了{N}个窗口。",
		"{P}的医保收费有问题，本应报销的{I}全部按自费结算，多花了{M}元，医保窗口说是科室录入错误。",
		"收费处工作人员态度恶劣，我询问{I}为什么这么贵，她说“{Q}”，物价不公开透明。",
	}, {
		"要求核查费用清单，退还多收的费用。",
		"要求医院公开收费明细，给出书面说明。",
		"要求退还多收费用{M}元。",
		"要求按医保规定重新结算。",
	} },
	[TOPIC_PARKING] = { "parking", KIND_COMPLAINT, 50, 0, 0, 0, NULL, {
		"医院停车场太难停车了，{T}排队进停车场排了{H}个小时，保安还指挥不当，导致{P}差点错过手术时间。",
		"停车收费不合理，看一次病停车费收了{M}元，门口也没有公示收费标准。",
		"住院部门口车辆乱停，救护车都进不来，保安看见了也不管。",
		"停车场的道闸坏了{N}天，出口堵成一片，没有人疏导。",
	}, {
		"希望医院增加停车位，改善停车管理。",
		"要求公示停车收费标准，退还多收的停车费。",
		"建议安排专人疏导交通。",
	} },
	[TOPIC_LOST] = { "lost property", KIND_COMPLAINT, 35, 10, 500, 8000, NULL, {
		"{D}在{U}候诊时{L}被偷了，找保卫科调监控，说监控坏了看不到，感觉医院安保形同虚设。",
		"{P}住院期间放在病房柜子里的{L}丢失，病房没有锁柜，护士说不归她们管。",
		"在门诊大厅丢失{L}，交给服务台的人说没人捡到，后来听说被保洁收走了，要求查找。",
	}, {
		"要求调取监控，帮助找回失物。",
		"要求医院承担保管不善的责任，赔偿损失{C}元。",
		"希望加强病房安全管理，配备储物柜。",
	} },
	[TOPIC_SURGERY] = { "surgery complication", KIND_COMPLAINT, 60, 700, 20000, 500000,
			    "病历复印件及诊断证明", {
		"{P}于{D}在{U}做了{O}，术后出现{X}。术前谈话时{SD}没有讲清楚这些风险，我们认为手术有明显过错。",
		"{P}在{U}做{O}，医生说是小手术，结果术后{X}，前后多花了十几万，医疗质量存在严重问题。",
		"{D}{P}做完{O}后{X}，主刀的{SD}一直推脱说是个人体质问题，我们要求进行医疗事故鉴定。",
		"{P}的{O}是{SD}做的，术后{X}，医院一直没有给说法，已经拖了{N}个月。",
	}, {
		"要求医院承担责任，赔偿医疗费、误工费等共计{C}元。",
		"要求封存病历，进行医疗事故技术鉴定，并赔偿{C}元。",
		"要求院方给出书面解释，赔偿损失{C}元。",
		"要求减免后续治疗费用并赔偿{C}元。",
	} },
	[TOPIC_MISDIAGNOSIS] = { "misdiagnosis", KIND_COMPLAINT, 50, 500, 10000, 300000,
				 "门诊病历及检查报告", {
		"{D}{P}到{U}就诊，门诊的{SD}诊断为{G}，开了点药就让回家，结果第二天在别的医院查出是{R}，差点出人命。",
		"{P}在{U}看了{N}次都说是{G}，后来转到上级医院确诊为{R}，耽误了治疗，{SD}根本没有认真检查。",
		"急诊科的{SD}没有给{P}做必要的检查，误诊为{G}，延误了{R}的治疗时机。",
	}, {
		"要求医院说明误诊原因，追究医生责任。",
		"要求赔偿因误诊造成的损失{C}元。",
		"要求组织专家会诊并给出书面结论。",
	} },
	[TOPIC_REDPACKET] = { "red packet report", KIND_REPORT, 25, 0, 0, 0, NULL, {
		"举报{U}的{SD}在手术前暗示家属要送红包，我们送了{M}元才安排手术，这种行为严重违反医德医风。",
		"{U}有医生收受医药代表回扣，开药专挑贵的进口药，{P}一个疗程花了好几万。",
		"举报{U}的护士长收红包，不给红包的病人床位就安排在走廊。",
		"{U}的{SD}在门诊推荐病人到院外药店买药，疑似拿回扣。",
	}, {
		"要求严肃查处，退还红包。",
		"请求医院纪检部门调查处理，为举报人保密。",
		"要求查处违纪违规行为并反馈处理结果。",
	} },
	[TOPIC_CONSULT] = { "consultation", KIND_CONSULTATION, 80, 0, 0, 0, NULL, {
		"想咨询一下{U}的专家门诊时间，以及异地医保报销需要准备什么材料。",
		"咨询{P}住院的费用大概多少，可以先交多少押金，能不能用医保卡直接结算。",
		"请问复印病历需要带哪些证件，家属可以代办吗？",
		"咨询{U}的床位还要排多久，{P}的病情能不能先办理住院。",
		"请问医院有没有夜间门诊，周末{U}有没有医生值班。",
	}, {
		"请告知办理流程。",
		"希望电话回复。",
		"请尽快答复。",
	} },
	[TOPIC_COMPLIMENT] = { "compliment", KIND_COMPLIMENT, 40, 0, 0, 0, "锦旗一面", {
		"感谢{U}的{SD}和全体护士，{P}住院{N}天，得到了无微不至的照顾，特此表扬。",
		"{D}{P}在{U}抢救，医生护士连夜守候，把{P}从死亡线上拉了回来，全家万分感激。",
		"{SN}工作认真负责，对病人像亲人一样，希望医院给予表彰。",
	}, {
		"希望医院对相关医护人员给予表彰。",
		"送上锦旗一面，表示感谢。",
	} },
	[TOPIC_SUGGESTION] = { "suggestion", KIND_SUGGESTION, 30, 0, 0, 0, NULL, {
		"建议门诊大厅增加自助机和座椅，老年人排队太辛苦。",
		"建议医院食堂延长供餐时间，陪护家属晚上买不到饭。",
		"建议在住院部增设开水间和充电设施。",
		"建议网上预约增加{U}的号源，现在总是约不上。",
	}, {
		"请医院考虑采纳。",
		"希望得到答复。",
	} },
	[TOPIC_ENVIRONMENT] = { "environment", KIND_COMPLAINT, 70, 0, 0, 0, NULL, {
		"{U}病区卫生间又脏又臭，地面湿滑，{P}差点摔倒，保洁好几天都不打扫。",
		"住院部电梯经常坏，{T}等了半个小时，病人推着床上不去，后勤也没人处理。",
		"病房空调坏了{N}天，{P}在病房里热得受不了，报修好几次都说没有配件。",
		"医院食堂饭菜价格贵、质量差，{D}吃了以后{P}拉肚子。",
		"{U}病房晚上施工噪音很大，病人根本无法休息。",
	}, {
		"要求尽快维修，改善就医环境。",
		"希望后勤部门加强管理。",
		"要求食堂整改并道歉。",
	} },
	[TOPIC_SECURITY] = { "security", KIND_COMPLAINT, 30, 50, 1000, 20000, NULL, {
		"{D}在急诊科有人闹事打人，保安十几分钟才到，{P}被推倒受了伤。",
		"医院保安态度蛮横，{T}不让家属进病房送饭，还推搡了{P}。",
		"医院门口有号贩子倒卖专家号，保安视而不见，治安管理混乱。",
	}, {
		"要求医院加强治安管理，追究保安责任。",
		"要求赔偿医药费{C}元并道歉。",
		"要求清理号贩子。",
	} },
	[TOPIC_REFUND] = { "refund", KIND_COMPLAINT, 40, 0, 0, 0, "缴费凭证", {
		"{P}出院已经{N}个月了，预交金退款一直没到账，财务科说在走流程。",
		"取消了{U}的检查，申请退款{M}元，到现在还没退回来，打电话也没人接。",
		"医疗纠纷调解时约定的赔付款迟迟不支付，理赔核算拖了{N}个月。",
	}, {
		"要求尽快退款。",
		"要求按协议支付赔付款。",
		"要求说明退款进度。",
	} },
	[TOPIC_DOCTOR] = { "doctor attitude", KIND_COMPLAINT, 110, 30, 1000, 10000, NULL, {
		"{D}带{P}到{U}就诊，门诊的{SD}态度冷漠，问病情不到一分钟就开单子，我们多问一句他就说“{Q}”。",
		"{U}的{SD}查房时当着其他病人的面训斥{P}，让{P}很难堪，医生应该尊重病人。",
		"{P}住在{U}，主管的{SD}{N}天没来看过，病情变化也没有告知家属，医患沟通很差。",
		"{SD}开了很多不必要的检查，问他为什么，他说“{Q}”，怀疑过度医疗。",
	}, {
		"要求医生道歉，改进服务态度。",
		"要求更换主管医生。",
		"要求医院调查处理并给出书面答复。",
	} },
	[TOPIC_GROUP] = { "group", KIND_COMPLAINT, 10, 400, 50000, 800000, NULL, {
		"我们{N}户家属联名反映：{P}在{U}住院期间接连出现院内感染，医院隐瞒不报，已经联系了电视台记者。",
		"{U}病区{N}名病人同时出现输液反应，家属集体到医院讨说法，医院一直没有答复，准备向卫健委越级上访。",
		"我们是{U}的病人家属，集体投诉医院擅自搬迁病区，影响治疗，媒体已经在关注此事。",
	}, {
		"要求院领导出面答复，赔偿{C}元。",
		"要求公开调查结果，追究相关人员责任。",
		"要求医院给出书面答复并公开道歉。",
	} },
	[TOPIC_LEGAL] = { "court or police", KIND_COMPLAINT, 15, 900, 50000, 500000,
			  "起诉状复印件", {
		"{P}在{U}手术后{X}，我们已经向法院起诉，现在再向医院投诉，要求医院先行赔偿。",
		"{D}在医院门口被人打伤，已经报警，公安机关正在处理，要求医院承担责任。",
		"{P}的医疗纠纷已经申请了仲裁，仲裁期间医院拒绝沟通，要求医院表态。",
	}, {
		"要求医院赔偿{C}元。",
		"要求医院配合调查。",
	} },
};

const char *demo_topic_name(enum demo_topic t)
{
	return t < TOPIC__COUNT ? topics[t].name : "?";
}

/* The units a topic is usually about; a name the rules do not list is skipped. */
static const char *const topic_units[TOPIC__COUNT] = {
	[TOPIC_NURSING] = "心内科,呼吸内科,消化内科,神经内科,肾内科,普外科,骨科,神经外科,"
			  "泌尿外科,肝胆外科,妇产科,儿科,老年科,肿瘤科,ICU",
	[TOPIC_WAITING] = "门诊部,心内科,消化内科,眼科,耳鼻喉科,口腔科,皮肤科,妇产科,儿科,"
			  "骨科,影像科,超声科,检验科,体检中心",
	[TOPIC_BILLING] = "收费处,入院处,住院部,检验科,影像科,药剂科,骨科,心内科",
	[TOPIC_PARKING] = "门诊部,住院部",
	[TOPIC_LOST] = "门诊部,住院部,急诊科",
	[TOPIC_SURGERY] = "普外科,骨科,神经外科,胸外科,泌尿外科,心胸外科,肝胆外科,妇产科,"
			  "眼科,耳鼻喉科,烧伤整形科,麻醉科",
	[TOPIC_MISDIAGNOSIS] = "急诊科,心内科,呼吸内科,消化内科,神经内科,儿科,影像科,检验科",
	[TOPIC_REDPACKET] = "普外科,骨科,神经外科,心内科,肿瘤科,妇产科,眼科",
	[TOPIC_CONSULT] = "门诊部,住院部,体检中心,心内科,骨科,眼科,口腔科,康复科",
	[TOPIC_COMPLIMENT] = "心内科,普外科,骨科,儿科,妇产科,ICU,急诊科,肿瘤科,新生儿科",
	[TOPIC_SUGGESTION] = "门诊部,住院部,食堂,体检中心",
	[TOPIC_ENVIRONMENT] = "住院部,食堂,门诊部,骨科,心内科,儿科",
	[TOPIC_SECURITY] = "急诊科,门诊部,保卫处,住院部",
	[TOPIC_REFUND] = "收费处,入院处,体检中心,影像科",
	[TOPIC_DOCTOR] = "心内科,呼吸内科,消化内科,神经内科,内分泌科,普外科,骨科,儿科,妇产科,"
			 "眼科,皮肤科,急诊科,中医科,精神科",
	[TOPIC_GROUP] = "普外科,骨科,心内科,儿科,新生儿科,ICU",
	[TOPIC_LEGAL] = "普外科,骨科,神经外科,妇产科,急诊科",
};

static void pick_unit(struct demo_rng *r, const struct ruleset *rules, enum demo_topic t,
		      char *out, size_t size)
{
	const char *list = topic_units[t], *p;
	char cand[16][RULES_NAME_MAX];
	int n = 0;

	for (p = list; p && *p && n < 16;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (len < RULES_NAME_MAX) {
			memcpy(cand[n], p, len);
			cand[n][len] = '\0';
			if (rules_unit_valid(rules, cand[n]))
				n++;
		}
		p = comma ? comma + 1 : NULL;
	}
	if (n)
		strlcpy_(out, cand[demo_rng_below(r, n)], size);
	else
		strlcpy_(out, rules_unit(rules, demo_rng_below(r, rules_unit_count(rules))), size);
}

struct fill {
	const char *patient;
	const char *unit;
	char nurse[32], doctor[32], date[32];
	int64_t claim_yuan;
	int money;                  /* {M}: one sum per complaint */
};

static void expand(struct demo_rng *r, const struct fill *f, const char *tpl, char *out,
		   size_t size)
{
	struct sbuf b = { 0 };

	for (const char *p = tpl; *p;) {
		char tmp[64];
		const char *v = NULL;
		size_t skip = 0;

		if (*p != '{') {
			const char *q = strchr(p, '{');
			size_t n = q ? (size_t)(q - p) : strlen(p);
			sbuf_addn(&b, p, n);
			p += n;
			continue;
		}
		if (strncmp(p, "{SN}", 4) == 0) {
			v = f->nurse;
			skip = 4;
		} else if (strncmp(p, "{SD}", 4) == 0) {
			v = f->doctor;
			skip = 4;
		} else if (p[1] && p[2] == '}') {
			skip = 3;
			switch (p[1]) {
			case 'P': v = f->patient; break;
			case 'U': v = f->unit; break;
			case 'D': v = f->date; break;
			case 'T': v = PICK(r, when_words); break;
			case 'M':
				snprintf(tmp, sizeof tmp, "%d", f->money);
				v = tmp;
				break;
			case 'C':
				snprintf(tmp, sizeof tmp, "%lld", (long long)f->claim_yuan);
				v = tmp;
				break;
			case 'H':
				snprintf(tmp, sizeof tmp, "%d", 2 + demo_rng_below(r, 4));
				v = tmp;
				break;
			case 'N':
				snprintf(tmp, sizeof tmp, "%d", 2 + demo_rng_below(r, 5));
				v = tmp;
				break;
			case 'I': v = PICK(r, bill_items); break;
			case 'O': v = PICK(r, operations); break;
			case 'X': v = PICK(r, complications); break;
			case 'Q': v = PICK(r, rude_quotes); break;
			case 'G': v = PICK(r, diagnoses); break;
			case 'R': v = PICK(r, real_illness); break;
			case 'L': v = PICK(r, lost_items); break;
			default: v = NULL; break;
			}
		}
		if (!v) {
			sbuf_addn(&b, p, 1);
			p++;
			continue;
		}
		sbuf_add(&b, v);
		p += skip;
	}
	snprintf(out, size, "%s", b.s ? b.s : "");
	sbuf_free(&b);
}

static enum demo_topic pick_topic(struct demo_rng *r)
{
	int total = 0, x;

	for (int i = 0; i < TOPIC__COUNT; i++)
		total += topics[i].weight;
	x = demo_rng_below(r, total);
	for (int i = 0; i < TOPIC__COUNT; i++) {
		if (x < topics[i].weight)
			return (enum demo_topic)i;
		x -= topics[i].weight;
	}
	return TOPIC_NURSING;
}

static int count_texts(const char *const *a, int max)
{
	int n = 0;

	while (n < max && a[n])
		n++;
	return n;
}

/* The complainant and the patient: who they are, and how the account names
 * the patient (f->patient). */
static void make_people(struct demo_rng *r, struct demo_complaint *out, struct fill *f)
{
	make_name(r, out->name, sizeof out->name);
	make_phone(r, out->phone, sizeof out->phone);
	snprintf(out->relation, sizeof out->relation, "%s", PICK(r, relations));
	if (out->channel == CHANNEL_LETTER || out->channel == CHANNEL_AUTHORITY ||
	    demo_rng_chance(r, 300))
		make_address(r, out->address, sizeof out->address);
	if (demo_rng_chance(r, 80))
		make_id_number(r, out->id_number);
	f->patient = "我";
	for (int i = 0; i < N(patient_word); i++)
		if (strcmp(patient_word[i].rel, out->relation) == 0)
			f->patient = patient_word[i].says;
	if (strcmp(out->relation, "本人") == 0) {
		snprintf(out->patient_name, sizeof out->patient_name, "%s", out->name);
	} else if (demo_rng_chance(r, 700)) {
		make_name(r, out->patient_name, sizeof out->patient_name);
	}
	if (out->patient_name[0] && demo_rng_chance(r, 600)) {
		if (demo_rng_chance(r, 500))
			snprintf(out->patient_record, sizeof out->patient_record, "ZY%08d",
				 demo_rng_below(r, 100000000));
		else
			snprintf(out->patient_record, sizeof out->patient_record, "MZ%010lld",
				 (long long)(demo_rng_u64(r) % 10000000000ULL));
	}
}

/* The nurse and the doctor in full, for the staff field; "" when the account
 * gives no surname. */
struct named_staff {
	char nurse[32], doctor[32];
};

/* The nurse and the doctor as the account names them (f), and in full (named). */
static void make_staff(struct demo_rng *r, struct fill *f, struct named_staff *named)
{
	const char *sn = PICK(r, surnames), *sd = PICK(r, surnames);
	int k = demo_rng_below(r, 3);

	/* Often the complainant knows only the surname, or nothing. */
	snprintf(f->nurse, sizeof f->nurse, "%s%s%s", k == 0 ? "" : k == 1 ? "" : "姓",
		 k == 0 ? "" : sn, k == 0 ? "护士" : k == 1 ? "护士" : "的护士");
	if (demo_rng_chance(r, 600))
		snprintf(f->doctor, sizeof f->doctor, "%s医生", sd);
	else
		snprintf(f->doctor, sizeof f->doctor, "医生");
	if (k)
		snprintf(named->nurse, sizeof named->nurse, "%s护士", sn);
	if (strcmp(f->doctor, "医生") != 0)
		snprintf(named->doctor, sizeof named->doctor, "%s", f->doctor);
}

static void make_demand(struct demo_rng *r, const struct topic *t, const struct fill *f,
			struct demo_complaint *out)
{
	int nd = count_texts(t->demands, 5), k = demo_rng_below(r, nd);

	/* A claim is stated in a demand that names the sum. */
	if (out->claim_fen) {
		for (int i = 0; i < nd; i++)
			if (strstr(t->demands[(k + i) % nd], "{C}")) {
				k = (k + i) % nd;
				break;
			}
	} else {
		for (int i = 0; i < nd; i++)
			if (!strstr(t->demands[(k + i) % nd], "{C}")) {
				k = (k + i) % nd;
				break;
			}
	}
	expand(r, f, t->demands[k], out->demand, sizeof out->demand);
}

void demo_complaint_make(struct demo_rng *r, const struct ruleset *rules, bool office_hours,
			 struct demo_complaint *out)
{
	const struct topic *t;
	struct fill f = { 0 };
	struct named_staff named = { "", "" };
	char tmp[DEMO_TEXT_MAX];
	int x;

	memset(out, 0, sizeof *out);
	out->topic = pick_topic(r);
	t = &topics[out->topic];
	out->kind = t->kind;
	/* Channels: walk-ins and calls most, the web box next, letters and
	 * referrals from the 12345 hotline or the health commission least. */
	x = demo_rng_below(r, 100);
	if (!office_hours)
		out->channel = x < 60 ? CHANNEL_PHONE : CHANNEL_WEB;
	else
		out->channel = x < 36 ? CHANNEL_VISIT : x < 70 ? CHANNEL_PHONE : x < 75 ? CHANNEL_LETTER
			     : x < 93 ? CHANNEL_WEB : CHANNEL_AUTHORITY;
	out->group_size = 1;
	out->visit_days_before = -1;

	make_people(r, out, &f);
	if (rules && rules_unit_count(rules) > 0)
		pick_unit(r, rules, out->topic, out->unit, sizeof out->unit);
	f.unit = out->unit[0] ? out->unit : "门诊";
	make_staff(r, &f, &named);
	f.money = 20 + 10 * demo_rng_below(r, 300);
	out->visit_days_before = out->patient_name[0] ? demo_rng_below(r, 10) : -1;
	snprintf(f.date, sizeof f.date, "%s", out->visit_days_before < 0 ? "前几天" :
		 out->visit_days_before == 0 ? "今天" :
		 out->visit_days_before == 1 ? "昨天" : out->visit_days_before == 2 ? "前天" :
		 "前几天");
	if (t->claim_permille && demo_rng_chance(r, t->claim_permille)) {
		int64_t span = t->claim_max - t->claim_min;
		/* Round sums, as people claim them. */
		f.claim_yuan = t->claim_min + (int64_t)(demo_rng_u64(r) % (uint64_t)(span + 1));
		f.claim_yuan = f.claim_yuan >= 10000 ? f.claim_yuan / 1000 * 1000
						     : f.claim_yuan / 100 * 100;
		if (f.claim_yuan <= 0)
			f.claim_yuan = 100;
		out->claim_fen = f.claim_yuan * 100;
	}

	expand(r, &f, t->texts[demo_rng_below(r, count_texts(t->texts, 8))], tmp, sizeof tmp);
	snprintf(out->text, sizeof out->text, "%s", tmp);
	/* The staff named are those the account names (not in a compliment). */
	if (out->topic != TOPIC_COMPLIMENT) {
		if (named.doctor[0] && strstr(out->text, named.doctor))
			snprintf(out->staff, sizeof out->staff, "%s", named.doctor);
		else if (named.nurse[0] && strstr(out->text, named.nurse))
			snprintf(out->staff, sizeof out->staff, "%s", named.nurse);
	}
	make_demand(r, t, &f, out);
	/* A second matter in the same letter makes a multi-department case. */
	if (out->topic != TOPIC_CONSULT && out->topic != TOPIC_COMPLIMENT &&
	    out->topic != TOPIC_SUGGESTION && demo_rng_chance(r, 80)) {
		static const char *const extra[] = {
			"另外，住院结算时还多收了{I}。", "还有，病房卫生间很脏，空调也坏了。",
			"而且护士换药时态度也很差。", "门诊挂号排队也要{H}个小时。",
			"停车也很难，保安态度恶劣。",
		};
		char more[256];
		size_t len = strlen(out->text);
		expand(r, &f, PICK(r, extra), more, sizeof more);
		if (len + strlen(more) + 1 < sizeof out->text)
			memcpy(out->text + len, more, strlen(more) + 1);
	}
	if (out->topic == TOPIC_GROUP) {
		char a[32], b[32];
		out->group_size = 3 + demo_rng_below(r, 20);
		make_name(r, a, sizeof a);
		make_name(r, b, sizeof b);
		snprintf(out->representatives, sizeof out->representatives, "%s、%s、%s", out->name,
			 a, b);
	}
	/* Reports of misconduct are often anonymous; a few letters too. */
	if ((out->topic == TOPIC_REDPACKET && demo_rng_chance(r, 500)) ||
	    (out->channel == CHANNEL_WEB && demo_rng_chance(r, 40))) {
		out->anonymous = true;
		out->name[0] = out->phone[0] = out->address[0] = out->id_number[0] = '\0';
		snprintf(out->relation, sizeof out->relation, "%s", "");
	}
	if (t->material && demo_rng_chance(r, 600))
		out->materials[out->nmaterials++] = t->material;
	if (out->channel == CHANNEL_LETTER && out->nmaterials < 2)
		out->materials[out->nmaterials++] = "来信原件";
	if (out->channel == CHANNEL_AUTHORITY && out->nmaterials < 2)
		out->materials[out->nmaterials++] = "上级转办单";
}

void demo_complaint_repeat(struct demo_rng *r, const struct demo_complaint *orig,
			   struct demo_complaint *out)
{
	static const char *const again[] = {
		"再次反映：", "之前已经反映过，至今没有答复，再次投诉：", "通过12345热线再次反映：",
		"上周已经来过一次，现在再写信反映：",
	};
	char text[DEMO_TEXT_MAX];

	*out = *orig;
	out->channel = orig->channel == CHANNEL_PHONE ? CHANNEL_WEB :
		       demo_rng_chance(r, 500) ? CHANNEL_AUTHORITY : CHANNEL_PHONE;
	snprintf(text, sizeof text, "%s%s", PICK(r, again), orig->text);
	/* Cut at a character boundary if the prefix made it too long. */
	if (strlen(text) >= sizeof out->text - 1) {
		size_t n = sizeof out->text - 1;
		while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
			n--;
		text[n] = '\0';
	}
	snprintf(out->text, sizeof out->text, "%s", text);
	out->nmaterials = 0;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

void demo_received_times(struct demo_rng *r, const struct calendar *cal, cdate first,
			 struct cdatetime now, int n, struct cdatetime *out)
{
	int ndays = now.day - first + 1;
	int64_t *cum, total = 0;
	int64_t *keys;

	if (ndays < 1)
		ndays = 1;
	/* Weight of a day: working days 10, days off 2; the volume grows a
	 * little over time, as hospitals see more complaints registered. */
	cum = xmalloc((size_t)ndays * sizeof *cum);
	for (int i = 0; i < ndays; i++) {
		cdate d = first + i;
		int w = calendar_is_working_day(cal, d) ? 10 : 2;
		w = w * (100 + 30 * i / ndays);
		if (d == now.day)
			w = (int)((int64_t)w * now.sec / 86400);
		total += w;
		cum[i] = total;
	}
	keys = xmalloc((size_t)n * sizeof *keys);
	for (int k = 0; k < n; k++) {
		int64_t x = total > 0 ? (int64_t)(demo_rng_u64(r) % (uint64_t)total) : 0;
		int lo = 0, hi = ndays - 1, sec, h;
		cdate d;
		while (lo < hi) {
			int mid = (lo + hi) / 2;
			if (cum[mid] > x)
				hi = mid;
			else
				lo = mid + 1;
		}
		d = first + lo;
		/* Office hours 08:00–17:30 most of the time; evenings and nights
		 * for the phone line and the web box. */
		h = demo_rng_below(r, 100);
		if (h < 85)
			sec = 8 * 3600 + demo_rng_below(r, 9 * 3600 + 1800);
		else if (h < 97)
			sec = 17 * 3600 + 1800 + demo_rng_below(r, 5 * 3600);
		else
			sec = demo_rng_below(r, 8 * 3600);
		if (d == now.day && sec > now.sec)
			sec = now.sec > 0 ? demo_rng_below(r, now.sec) : 0;
		keys[k] = (int64_t)d * 86400 + sec;
	}
	qsort(keys, (size_t)n, sizeof *keys, cmp_i64);
	for (int k = 0; k < n; k++) {
		out[k].day = (cdate)(keys[k] / 86400);
		out[k].sec = (int32_t)(keys[k] % 86400);
	}
	free(keys);
	free(cum);
}
