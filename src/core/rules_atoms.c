/*
 * The keyword atoms of a ruleset, each text once: rules_load interns every
 * keyword part through an open-addressing hash index (a scan over all the
 * atoms with strcmp was the top of the start-up profile).
 */
#include "rules_priv.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static unsigned atom_hash(const char *s)
{
	unsigned h = 2166136261u;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		h = (h ^ *p) * 16777619u;
	return h;
}

/* The slot of s in the atom index: the one holding it, or the empty one for it. */
static int *atom_slot(const struct ruleset *rs, const char *s)
{
	unsigned mask = rs->atom_nslots - 1;

	for (unsigned i = atom_hash(s) & mask;; i = (i + 1) & mask) {
		int *slot = &rs->atom_slots[i];
		if (!*slot || strcmp(rs->atoms[*slot - 1].s, s) == 0)
			return slot;
	}
}

int rules_atom_intern(struct ruleset *rs, const char *s)
{
	bool ascii = true, digits = true;
	int *slot;

	if ((unsigned)(rs->natoms + 1) * 2 > rs->atom_nslots) {
		unsigned n = rs->atom_nslots ? rs->atom_nslots * 2 : 256;
		free(rs->atom_slots);
		rs->atom_slots = xcalloc(n, sizeof *rs->atom_slots);
		rs->atom_nslots = n;
		for (int i = 0; i < rs->natoms; i++)
			*atom_slot(rs, rs->atoms[i].s) = i + 1;
	}
	slot = atom_slot(rs, s);
	if (*slot)
		return *slot - 1;
	for (const char *p = s; *p; p++) {
		if ((unsigned char)*p >= 0x80)
			ascii = false;
		if (!isdigit((unsigned char)*p))
			digits = false;
	}
	rs->atoms = rules_grow(rs->atoms, rs->natoms, sizeof *rs->atoms);
	rs->atoms[rs->natoms] = (struct atom){ xstrdup(s), strlen(s), ascii, digits };
	*slot = rs->natoms + 1;
	return rs->natoms++;
}
