/* confab-estimate.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "confab-message.h"
#include "confab-pricing.h"

G_BEGIN_DECLS

/* What the next request will carry, before it is sent.  What the server
 * already counted (the last answer's prompt_tokens, plus its
 * completion_tokens less reasoning, which come back as the assistant's
 * turn) is taken as it is; the rest, the text not counted yet, is
 * estimated from its characters, and that part is corrected per model
 * by how far earlier estimates were from the truth.
 *
 * The text estimate follows Gemini's tokenizer (the one of Gemma, a
 * SentencePiece vocabulary of 256K pieces): an English word is about
 * one token, a digit one, a punctuation mark one, a Hangul syllable
 * about one, a kana or CJK character a little over half of one.
 * Each message adds its framing: CONFAB_ESTIMATE_MESSAGE_OVERHEAD
 * tokens, and the request CONFAB_ESTIMATE_REQUEST_OVERHEAD.  An image
 * adds its tiles (see confab_attachment_estimate_tokens()) to the
 * framing: they are not text, and the text's correction leaves them.
 */

#define CONFAB_ESTIMATE_MESSAGE_OVERHEAD 5
#define CONFAB_ESTIMATE_REQUEST_OVERHEAD 4

typedef struct
{
  gint64 counted;   /* tokens the server counted: the last answer's prompt + completion − reasoning */
  gint64 framing;   /* tokens of the framing of the messages not counted yet */
  gint64 text;      /* estimated tokens of the text not counted yet, before correction */
} ConfabEstimate;

gint64   confab_estimate_text_tokens        (const char           *text,
                                             gssize                length);
/* The largest prompt @model takes, in tokens; 0 when not known. */
gint64   confab_estimate_get_context_window (const char           *model);

/* What a request made of @messages (a conversation, as
 * confab_request_build_body() sends it) and @system_prompt carries
 * before any new text.  Walks back from the end to the last answer
 * whose usage was reported, so it stays cheap in a long chat.
 */
void     confab_estimate_for_messages       (GListModel           *messages,
                                             const char           *system_prompt,
                                             ConfabEstimate       *estimate);
/* The same of the first @end of @messages: the history before a
 * prompt of which a new version is sent.
 */
void     confab_estimate_for_messages_before (GListModel          *messages,
                                              guint                end,
                                              const char          *system_prompt,
                                              ConfabEstimate      *estimate);
/* The same, each message's text counted once and kept with it; with
 * @uncounted, FALSE and the messages whose long text must first be
 * counted on a worker (see confab-estimate-count.h).
 */
gboolean confab_estimate_for_messages_counted (GListModel        *messages,
                                               guint              end,
                                               const char        *system_prompt,
                                               ConfabEstimate    *estimate,
                                               GPtrArray        **uncounted);
/* Adds a new message of @text to @estimate. */
void     confab_estimate_add_text           (ConfabEstimate       *estimate,
                                             const char           *text,
                                             gssize                length);
/* Adds an image of the new message to @estimate, by the rule of
 * confab_attachment_estimate_tokens(), in the framing (not corrected).
 */
void     confab_estimate_add_image          (ConfabEstimate       *estimate,
                                             ConfabAttachment     *image);
/* The tokens in all, with the text part multiplied by @ratio. */
gint64   confab_estimate_get_tokens         (const ConfabEstimate *estimate,
                                             double                ratio);

/* The input cost of a prompt of @tokens tokens for @model, at the tier
 * its size falls in, with no cached tokens; FALSE when @model has no
 * price.  @price (optional) gets the price used.
 */
gboolean confab_estimate_input_cost         (ConfabPricing        *pricing,
                                             const char           *model,
                                             gint64                tokens,
                                             double               *cost,
                                             ConfabPrice          *price);

/* The estimate shown before @answer was asked for, kept with it (and
 * in the history), so that its usage can say how far the estimate was
 * from the count; -1 when there was none.
 */
void     confab_estimate_attach             (ConfabMessage        *answer,
                                             gint64                tokens);
gint64   confab_estimate_get_attached       (ConfabMessage        *answer);

G_END_DECLS
