/* confab-search-result.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "confab-message.h"

G_BEGIN_DECLS

#define CONFAB_TYPE_SEARCH_RESULT (confab_search_result_get_type())

/* One message that matched a search of #ConfabStore: where it is (the
 * conversation and message ids, to jump to it), the conversation's title
 * as it was when searched, and a short excerpt around the match.
 */
G_DECLARE_FINAL_TYPE (ConfabSearchResult, confab_search_result, CONFAB, SEARCH_RESULT, GObject)

gint64      confab_search_result_get_conversation_id  (ConfabSearchResult *self);
gint64      confab_search_result_get_message_id       (ConfabSearchResult *self);
ConfabRole  confab_search_result_get_role             (ConfabSearchResult *self);
const char *confab_search_result_get_title            (ConfabSearchResult *self);
const char *confab_search_result_get_snippet          (ConfabSearchResult *self);
const char *confab_search_result_get_snippet_markup   (ConfabSearchResult *self);

G_END_DECLS
