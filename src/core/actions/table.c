/* The table of case actions, in the order the case screen's menu shows them. */
#include "action.h"

const struct case_action_def *const case_actions[CA__COUNT] = {
	[CA_TRANSFER] = &action_transfer,
	[CA_RETURN] = &action_return,
	[CA_FEEDBACK] = &action_feedback,
	[CA_DRAFT] = &action_draft,
	[CA_APPROVE] = &action_approve,
	[CA_REFUSE] = &action_refuse_draft,
	[CA_REPLY] = &action_reply,
	[CA_CALLBACK] = &action_callback,
	[CA_CLOSE] = &action_close,
	[CA_REJECT] = &action_reject,
	[CA_MERGE] = &action_merge,
	[CA_PAUSE] = &action_pause,
	[CA_RESUME] = &action_resume,
	[CA_REOPEN] = &action_reopen,
	[CA_REVIEW] = &action_review,
	[CA_RECLASS] = &action_reclass,
	[CA_ATTACH] = &action_attach,
	[CA_NOTE] = &action_note,
	[CA_CONTACT] = &action_contact,
	[CA_CORRECT] = &action_correct,
};
