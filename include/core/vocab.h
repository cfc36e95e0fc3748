/* The fixed vocabularies of a case: kinds, channels, classes, flags, statuses, reasons. */
#ifndef CDESK_CORE_VOCAB_H
#define CDESK_CORE_VOCAB_H

#include <stddef.h>

/*
 * Each enum has a stable code (stored in the database, typed on the command
 * line, used in JSON) and a Chinese label (shown on screens and reports).
 * *_parse accepts either the code or the Chinese label and returns -1 for
 * anything else.
 */

enum case_kind { KIND_COMPLAINT, KIND_CONSULTATION, KIND_SUGGESTION, KIND_REPORT,
		 KIND_COMPLIMENT, KIND__COUNT };
enum channel { CHANNEL_VISIT, CHANNEL_PHONE, CHANNEL_LETTER, CHANNEL_WEB,
	       CHANNEL_AUTHORITY, CHANNEL__COUNT };
enum handling_class { CLASS_SIMPLE, CLASS_GENERAL, CLASS_IMPORTANT, CLASS_EMERGENCY,
		      CLASS__COUNT };

/* Flags are bits so a case's set fits one integer column. */
enum case_flag {
	FLAG_SAFETY = 1 << 0,      /* medical safety risk (第二十一条) */
	FLAG_CLAIM = 1 << 1,       /* claim above the threshold */
	FLAG_GROUP = 1 << 2,       /* group complaint */
	FLAG_MEDIA = 1 << 3,       /* media involved */
	FLAG_LEGAL = 1 << 4,       /* court or police involved */
	FLAG_ANONYMOUS = 1 << 5,   /* complainant not named */
	FLAG__COUNT = 6
};

enum case_status { STATUS_REGISTERED, STATUS_ROUTED, STATUS_FEEDBACK, STATUS_DRAFTED,
		   STATUS_APPROVED, STATUS_REPLIED, STATUS_PAUSED, STATUS_CLOSED,
		   STATUS_REJECTED, STATUS_MERGED, STATUS__COUNT };

enum satisfaction { SATISFIED, BASICALLY_SATISFIED, UNSATISFIED, SATISFACTION__COUNT };
enum finding { FINDING_SUBSTANTIATED, FINDING_PARTLY, FINDING_NOT, FINDING__COUNT };
enum reply_method { REPLY_IN_PERSON, REPLY_PHONE, REPLY_LETTER, REPLY__COUNT };

/* 第二十六条 reasons for not accepting a complaint. */
enum reject_reason { REJECT_COURT, REJECT_HIGHER_OFFICE, REJECT_NO_FACTS, REJECT_POLICE,
		     REJECT_OUT_OF_REMIT, REJECT__COUNT };

/* For one bit: "safety", "claim", "group", "media", "legal", "anonymous". */
const char *flag_code(unsigned flag);
const char *flag_label(unsigned flag);
/* One flag's bit from its code or label, or 0. */
unsigned flag_parse(const char *s);
/* Comma-separated codes ("claim,media") into buf; returns buf. */
char *flags_format(unsigned flags, char *buf, size_t size);

/* A vocabulary as a value: its terms in enum order. */
struct vocab_term {
	const char *code;
	const char *label;          /* Chinese */
};
struct vocab {
	const struct vocab_term *terms;
	int n;
};
/* Term i's code or label ("?" out of range); the term of a code or label, or -1. */
const char *vocab_code(const struct vocab *v, int i);
const char *vocab_label(const struct vocab *v, int i);
int vocab_parse(const struct vocab *v, const char *s);
/* The codes joined by sep into buf; returns buf. */
char *vocab_codes(const struct vocab *v, const char *sep, char *buf, size_t size);


/*
 * Every vocabulary but the flags, one row each: name, enum, count. A row
 * declares, for kind:
 *   const char *kind_code(enum case_kind v);   the code ("?" out of range)
 *   const char *kind_label(enum case_kind v);  the Chinese label ("?" likewise)
 *   int kind_parse(const char *s);             the term of a code or label, or -1
 *   const char *kind_codes(void);              "complaint, consultation, …" for messages
 *   extern const struct vocab vocab_kind;      the vocabulary as a value
 */
#define VOCAB_LIST(X)                                                      \
	X(kind, enum case_kind, KIND__COUNT)                               \
	X(channel, enum channel, CHANNEL__COUNT)                           \
	X(class, enum handling_class, CLASS__COUNT)                        \
	X(status, enum case_status, STATUS__COUNT)                         \
	X(satisfaction, enum satisfaction, SATISFACTION__COUNT)            \
	X(finding, enum finding, FINDING__COUNT)                           \
	X(reply_method, enum reply_method, REPLY__COUNT)                   \
	X(reject_reason, enum reject_reason, REJECT__COUNT)

#define VOCAB_DECLARE(name, type, count)                                   \
	const char *name##_code(type v);                                   \
	const char *name##_label(type v);                                  \
	int name##_parse(const char *s);                                   \
	const char *name##_codes(void);                                    \
	extern const struct vocab vocab_##name;
VOCAB_LIST(VOCAB_DECLARE)
#undef VOCAB_DECLARE

#endif
