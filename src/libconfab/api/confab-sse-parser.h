/* confab-sse-parser.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The longest line, and the most data of one event, a parser accepts
 * unless told otherwise: 8 MiB.
 */
#define CONFAB_SSE_PARSER_DEFAULT_MAX_LINE ((gsize) 8 * 1024 * 1024)

#define CONFAB_SSE_PARSER_ERROR (confab_sse_parser_error_quark ())

typedef enum
{
  CONFAB_SSE_PARSER_ERROR_LINE_TOO_LONG,
} ConfabSseParserError;

typedef struct _ConfabSseParser ConfabSseParser;

/**
 * ConfabSseEventFunc:
 * @event_type: the event's type, "message" unless an `event:` field said
 *   otherwise
 * @data: the event's data lines joined with "\n", nul-terminated; it may
 *   hold nul bytes and is not checked to be UTF-8
 * @length: the length of @data in bytes
 * @user_data: the data given to confab_sse_parser_new()
 *
 * Called once per dispatched event, from within confab_sse_parser_feed().
 * It must not feed or free the parser it is called from.
 */
typedef void (*ConfabSseEventFunc) (const char *event_type,
                                    const char *data,
                                    gsize       length,
                                    gpointer    user_data);

GQuark           confab_sse_parser_error_quark (void);

ConfabSseParser *confab_sse_parser_new         (gsize               max_line,
                                                ConfabSseEventFunc  func,
                                                gpointer            user_data,
                                                GDestroyNotify      destroy);
gboolean         confab_sse_parser_feed        (ConfabSseParser    *self,
                                                const char         *data,
                                                gsize               length,
                                                GError            **error);
void             confab_sse_parser_free        (ConfabSseParser    *self);

gboolean         confab_sse_data_is_done       (const char         *data,
                                                gsize               length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConfabSseParser, confab_sse_parser_free)

G_END_DECLS
