/* The table of case actions: the rows of include/core/action_list.h, in its order. */
#include "action.h"

#define CASE_ACTION(id, row) extern const struct case_action_def row;
#include "core/action_list.h"
#undef CASE_ACTION

const struct case_action_def *const case_actions[CA__COUNT] = {
#define CASE_ACTION(id, row) [CA_##id] = &row,
#include "core/action_list.h"
#undef CASE_ACTION
};
