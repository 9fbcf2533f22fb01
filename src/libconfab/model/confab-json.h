/* confab-json.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Deeper than any answer nests; json-glib's parser recurses once per
 * level and has no limit of its own.
 */
#define CONFAB_JSON_MAX_NESTING 64

/* What confab_json_parse_marking() puts at the edges of a string in
 * place of half a surrogate pair: the code unit plus this offset, in a
 * private use range (U+F000 to U+F7FF) that the text then has nowhere
 * else.
 */
#define CONFAB_JSON_SURROGATE_MARK_OFFSET 0x1800

JsonNode *confab_json_parse           (const char *data,
                                       gsize       length,
                                       GError    **error);
JsonNode *confab_json_parse_marking   (const char *data,
                                       gsize       length,
                                       gboolean   *marked,
                                       GError    **error);
char     *confab_json_make_valid      (const char *data,
                                       gsize       length,
                                       gsize      *valid_length);
char     *confab_json_fix_escapes     (const char *data,
                                       gsize       length,
                                       gboolean    mark_edges,
                                       gsize      *fixed_length,
                                       gboolean   *marked);
gboolean  confab_json_nesting_exceeds (const char *data,
                                       gsize       length,
                                       guint       max);

const char *confab_json_node_get_string  (JsonNode   *node);
gint64      confab_json_node_get_natural (JsonNode   *node);

G_END_DECLS
