/* Code and label tables for the vocabularies of a case. */
#include "core/vocab.h"
#include "core/users.h"

#include <stdio.h>
#include <string.h>

#define term vocab_term

static const struct term kind_terms[KIND__COUNT] = {
	{ "complaint", "投诉" }, { "consultation", "咨询" }, { "suggestion", "建议" },
	{ "report", "举报" }, { "compliment", "表扬" },
};
static const struct term channel_terms[CHANNEL__COUNT] = {
	{ "visit", "来访" }, { "phone", "来电" }, { "letter", "来信" },
	{ "web", "院长信箱/网站" }, { "authority", "上级转办" },
};
static const struct term class_terms[CLASS__COUNT] = {
	{ "simple", "简单" }, { "general", "一般" }, { "important", "重要" },
	{ "emergency", "应急" },
};
static const struct term flag_terms[FLAG__COUNT] = {
	{ "safety", "医疗安全" }, { "claim", "索赔超限" }, { "group", "群体" },
	{ "media", "媒体" }, { "legal", "涉诉涉警" }, { "anonymous", "匿名" },
};
static const struct term status_terms[STATUS__COUNT] = {
	{ "registered", "已登记" }, { "routed", "已转办" }, { "feedback", "已反馈" },
	{ "drafted", "已拟稿" }, { "approved", "已审批" }, { "replied", "已答复" },
	{ "paused", "暂停" }, { "closed", "已结案" }, { "rejected", "不予受理" },
	{ "merged", "已合并" },
};
static const struct term satisfaction_terms[SATISFACTION__COUNT] = {
	{ "satisfied", "满意" }, { "basic", "基本满意" }, { "unsatisfied", "不满意" },
};
static const struct term finding_terms[FINDING__COUNT] = {
	{ "substantiated", "有效" }, { "partly", "部分有效" }, { "not", "无效" },
};
static const struct term reply_method_terms[REPLY__COUNT] = {
	{ "in-person", "当面" }, { "phone", "电话" }, { "letter", "书面" },
};
static const struct term reject_reason_terms[REJECT__COUNT] = {
	{ "court", "已向法院起诉" }, { "higher-office", "上级信访部门已处理" },
	{ "no-facts", "无明确对象和事实" }, { "police", "治安或刑事案件" },
	{ "out-of-remit", "不属职权范围" },
};

static const struct vocab flag_vocab = { flag_terms, FLAG__COUNT };

const char *vocab_code(const struct vocab *v, int i)
{
	return i >= 0 && i < v->n ? v->terms[i].code : "?";
}

const char *vocab_label(const struct vocab *v, int i)
{
	return i >= 0 && i < v->n ? v->terms[i].label : "?";
}

int vocab_parse(const struct vocab *v, const char *s)
{
	int found = -1;

	if (!s)
		return -1;
	for (int i = 0; i < v->n; i++)
		if (strcmp(s, v->terms[i].code) == 0 || strcmp(s, v->terms[i].label) == 0)
			return i;
	/* Chinese typed short: a word of one label only ("法院" for 已向法院起诉) */
	if ((unsigned char)s[0] < 0x80 || strlen(s) < 6)
		return -1;
	for (int i = 0; i < v->n; i++)
		if (strstr(v->terms[i].label, s)) {
			if (found >= 0)
				return -1;      /* in two labels: ambiguous */
			found = i;
		}
	return found;
}

/* A row of VOCAB_LIST (core/vocab.h): its functions over name##_terms. */
#define VOCAB_DEFINE(name, type, count)                                           \
	const struct vocab vocab_##name = { name##_terms, count };                 \
	const char *name##_code(type v) { return vocab_code(&vocab_##name, (int)v); } \
	const char *name##_label(type v) { return vocab_label(&vocab_##name, (int)v); } \
	int name##_parse(const char *s) { return vocab_parse(&vocab_##name, s); }  \
	const char *name##_codes(void)                                            \
	{                                                                         \
		static char buf[256];                                             \
		return buf[0] ? buf : vocab_codes(&vocab_##name, ", ", buf, sizeof buf); \
	}
VOCAB_LIST(VOCAB_DEFINE)

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
	return vocab_code(&flag_vocab, flag_index(flag));
}

const char *flag_label(unsigned flag)
{
	return vocab_label(&flag_vocab, flag_index(flag));
}

unsigned flag_parse(const char *s)
{
	int i = vocab_parse(&flag_vocab, s);

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
						flag_terms[i].code);
	return buf;
}

/* The roles of the staff (core/users.h). */
static const struct vocab_term role_terms[USER__COUNT] = {
	[USER_CLERK] = { "clerk", "接待员" },
	[USER_OFFICER] = { "officer", "投诉科专员" },
	[USER_HANDLER] = { "handler", "职能科室经办人" },
	[USER_SUPERVISOR] = { "supervisor", "审批领导" },
	[USER_ADMIN] = { "admin", "系统管理员" },
};
const struct vocab vocab_user_role = { role_terms, USER__COUNT };
