/* Code and label tables for the vocabularies of a case. */
#include "core/vocab.h"

#include <stdio.h>
#include <string.h>

#define term vocab_term

static const struct term kinds[KIND__COUNT] = {
	{ "complaint", "投诉" }, { "consultation", "咨询" }, { "suggestion", "建议" },
	{ "report", "举报" }, { "compliment", "表扬" },
};
static const struct term channels[CHANNEL__COUNT] = {
	{ "visit", "来访" }, { "phone", "来电" }, { "letter", "来信" },
	{ "web", "院长信箱/网站" }, { "authority", "上级转办" },
};
static const struct term classes[CLASS__COUNT] = {
	{ "simple", "简单" }, { "general", "一般" }, { "important", "重要" },
	{ "emergency", "应急" },
};
static const struct term flags[FLAG__COUNT] = {
	{ "safety", "医疗安全" }, { "claim", "索赔超限" }, { "group", "群体" },
	{ "media", "媒体" }, { "legal", "涉诉涉警" }, { "anonymous", "匿名" },
};
static const struct term statuses[STATUS__COUNT] = {
	{ "registered", "已登记" }, { "routed", "已转办" }, { "feedback", "已反馈" },
	{ "drafted", "已拟稿" }, { "approved", "已审批" }, { "replied", "已答复" },
	{ "paused", "暂停" }, { "closed", "已结案" }, { "rejected", "不予受理" },
	{ "merged", "已合并" },
};
static const struct term satisfactions[SATISFACTION__COUNT] = {
	{ "satisfied", "满意" }, { "basic", "基本满意" }, { "unsatisfied", "不满意" },
};
static const struct term findings[FINDING__COUNT] = {
	{ "substantiated", "有效" }, { "partly", "部分有效" }, { "not", "无效" },
};
static const struct term methods[REPLY__COUNT] = {
	{ "in-person", "当面" }, { "phone", "电话" }, { "letter", "书面" },
};
static const struct term reasons[REJECT__COUNT] = {
	{ "court", "已向法院起诉" }, { "higher-office", "上级信访部门已处理" },
	{ "no-facts", "无明确对象和事实" }, { "police", "治安或刑事案件" },
	{ "out-of-remit", "不属职权范围" },
};

static const char *code_of(const struct term *t, int n, int i)
{
	return i >= 0 && i < n ? t[i].code : "?";
}

static const char *label_of(const struct term *t, int n, int i)
{
	return i >= 0 && i < n ? t[i].label : "?";
}

static int parse_in(const struct term *t, int n, const char *s)
{
	if (!s)
		return -1;
	for (int i = 0; i < n; i++)
		if (strcmp(s, t[i].code) == 0 || strcmp(s, t[i].label) == 0)
			return i;
	return -1;
}

static const char *codes_of(const struct term *t, int n, char *buf, size_t size)
{
	size_t len = 0;

	if (buf[0])
		return buf;
	for (int i = 0; i < n && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? ", " : "", t[i].code);
	return buf;
}

#define VOCAB(name, table, count)                                                  \
	const char *name##_code(enum_type_##name v) { return code_of(table, count, (int)v); } \
	const char *name##_label(enum_type_##name v) { return label_of(table, count, (int)v); } \
	int name##_parse(const char *s) { return parse_in(table, count, s); }        \
	const char *name##_codes(void)                                               \
	{                                                                            \
		static char buf[256];                                                    \
		return codes_of(table, count, buf, sizeof buf);                          \
	}

typedef enum case_kind enum_type_kind;
typedef enum channel enum_type_channel;
typedef enum handling_class enum_type_class;
typedef enum case_status enum_type_status;
typedef enum satisfaction enum_type_satisfaction;
typedef enum finding enum_type_finding;
typedef enum reply_method enum_type_reply_method;
typedef enum reject_reason enum_type_reject_reason;

VOCAB(kind, kinds, KIND__COUNT)
VOCAB(channel, channels, CHANNEL__COUNT)
VOCAB(class, classes, CLASS__COUNT)
VOCAB(status, statuses, STATUS__COUNT)
VOCAB(satisfaction, satisfactions, SATISFACTION__COUNT)
VOCAB(finding, findings, FINDING__COUNT)
VOCAB(reply_method, methods, REPLY__COUNT)
VOCAB(reject_reason, reasons, REJECT__COUNT)

/* The vocabularies as values, for tables of parameters (core/actions.h). */
#define VOCAB_VALUE(name, table, count) \
	const struct vocab vocab_##name = { table, count };
VOCAB_VALUE(channel, channels, CHANNEL__COUNT)
VOCAB_VALUE(class, classes, CLASS__COUNT)
VOCAB_VALUE(satisfaction, satisfactions, SATISFACTION__COUNT)
VOCAB_VALUE(finding, findings, FINDING__COUNT)
VOCAB_VALUE(reply_method, methods, REPLY__COUNT)
VOCAB_VALUE(reject_reason, reasons, REJECT__COUNT)

const char *vocab_code(const struct vocab *v, int i)
{
	return code_of(v->terms, v->n, i);
}

const char *vocab_label(const struct vocab *v, int i)
{
	return label_of(v->terms, v->n, i);
}

int vocab_parse(const struct vocab *v, const char *s)
{
	return parse_in(v->terms, v->n, s);
}

char *vocab_codes(const struct vocab *v, const char *sep, char *buf, size_t size)
{
	size_t len = 0;

	if (size)
		buf[0] = '\0';
	for (int i = 0; i < v->n && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? sep : "", v->terms[i].code);
	return buf;
}

static int flag_index(unsigned flag)
{
	for (int i = 0; i < FLAG__COUNT; i++)
		if (flag == 1u << i)
			return i;
	return -1;
}

const char *flag_code(unsigned flag)
{
	return code_of(flags, FLAG__COUNT, flag_index(flag));
}

const char *flag_label(unsigned flag)
{
	return label_of(flags, FLAG__COUNT, flag_index(flag));
}

unsigned flag_parse(const char *s)
{
	int i = parse_in(flags, FLAG__COUNT, s);

	return i < 0 ? 0 : 1u << i;
}

char *flags_format(unsigned set, char *buf, size_t size)
{
	size_t len = 0;

	if (size)
		buf[0] = '\0';
	for (int i = 0; i < FLAG__COUNT && len < size; i++)
		if (set & (1u << i))
			len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? "," : "",
						flags[i].code);
	return buf;
}
