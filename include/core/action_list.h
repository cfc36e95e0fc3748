/*
 * The case actions, in the order the case screen's menu shows them: one line
 * each, CASE_ACTION(ENUM, ROW) — CA_ENUM in enum case_action, and ROW the
 * struct case_action_def its file under src/core/actions/ defines. Included
 * by core/actions.h (the enum) and src/core/actions/table.c (the table).
 */
CASE_ACTION(TRANSFER, action_transfer)    /* route to a lead and co-departments (转交办) */
CASE_ACTION(RETURN, action_return)        /* a department sends its transfer back (第二十二条) */
CASE_ACTION(FEEDBACK, action_feedback)    /* a department's written result (书面反馈) */
CASE_ACTION(DRAFT, action_draft)          /* the reply drafted */
CASE_ACTION(APPROVE, action_approve)      /* the next step of the approval chain */
CASE_ACTION(REFUSE, action_refuse_draft)  /* the draft sent back, with the reason */
CASE_ACTION(REPLY, action_reply)          /* the reply given */
CASE_ACTION(CALLBACK, action_callback)    /* the complainant called back (回访) */
CASE_ACTION(CLOSE, action_close)          /* closed with a finding (第二十五条) */
CASE_ACTION(REJECT, action_reject)        /* not accepted (第二十六条) */
CASE_ACTION(MERGE, action_merge)          /* a duplicate merged into another case */
CASE_ACTION(PAUSE, action_pause)          /* the clock stopped */
CASE_ACTION(RESUME, action_resume)        /* the clock restarted */
CASE_ACTION(REOPEN, action_reopen)        /* the next dispatch round */
CASE_ACTION(REVIEW, action_review)        /* a review (复核) */
CASE_ACTION(RECLASS, action_reclass)      /* the handling class changed */
CASE_ACTION(ATTACH, action_attach)        /* a document kept on file */
CASE_ACTION(NOTE, action_note)            /* a note on the timeline */
CASE_ACTION(CONTACT, action_contact)      /* a contact with the complainant (接待记录) */
CASE_ACTION(CORRECT, action_correct)      /* a registered field corrected, with the reason */
CASE_ACTION(TELL, action_tell)            /* the complainant told of not accepting or merging (告知) */
CASE_ACTION(CONCLUDE, action_conclude)    /* a review (复核) ends with its outcome */
CASE_ACTION(RECTIFIED, action_rectified)  /* the rectification named at closure done (整改) */
CASE_ACTION(SUPERVISE, action_supervise)  /* the supervisor of a redispatched case named (督办) */
CASE_ACTION(DISPUTE, action_dispute)      /* a stage of the medical-dispute track (医疗纠纷) */
CASE_ACTION(ACKNOWLEDGE, action_acknowledge)  /* a safety risk or a third dispatch seen (已知悉) */
