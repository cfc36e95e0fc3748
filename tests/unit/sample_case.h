/*
 * The plain complaints added in bulk by bench/bench_store.c and
 * tests/unit/test_caseio.c: the i-th comes by each channel in turn, from
 * 张三 with the phone 139 and i, with one of four texts in turn, received an
 * hour before now.
 */
#ifndef CDESK_SAMPLE_CASE_H
#define CDESK_SAMPLE_CASE_H

#include <stdio.h>

#include "core/cases.h"

/* Fills in (phone is the caller's buffer of 24 bytes, which in points to). */
static inline void sample_case(struct case_input *in, int i, char phone[24], struct cdatetime now)
{
	static const char *const texts[] = {
		"护士打针态度很差，扎了三次都没扎进去，要求道歉",
		"出院结算时多收了输液费和床位费，要求退还多收的费用",
		"门诊挂号排队三个小时，叫号系统混乱，有人插队",
		"手术后伤口感染，医生术前没有讲清风险，要求赔偿两万元",
	};

	case_input_init(in);
	in->channel = i % CHANNEL__COUNT;
	snprintf(phone, 24, "139%08d", i);
	in->name = "张三";
	in->phone = phone;
	in->text = texts[i % (int)(sizeof texts / sizeof texts[0])];
	in->received = now;
	in->received.sec -= 3600;
}

#endif
