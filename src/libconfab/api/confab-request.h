/* confab-request.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Builds the chat-completions request body: the system prompt first when
 * it is not empty, then @history (a GListModel of ConfabMessage, oldest
 * first) as a valid conversation: user and assistant turns alternate and
 * no assistant turn is empty.  An exchange (a prompt and its answer) is
 * sent when its answer completed or was stopped or interrupted with some
 * text; one whose answer failed, or has no text (stopped at once, or
 * reasoning only), is left out with its prompt.  The last prompt is
 * always sent: it is the question.
 */
JsonNode *confab_request_build_body (const char *model,
                                     const char *system_prompt,
                                     GListModel *history);

/* The same, with placeholders for the images' URLs, to be filled in by
 * confab_request_fill_images() on a worker thread once written out.
 */
JsonNode *confab_request_build_body_deferred (const char  *model,
                                              const char  *system_prompt,
                                              GListModel  *history,
                                              GPtrArray  **images,
                                              char       **nonce);
GBytes   *confab_request_fill_images         (const char  *json,
                                              GPtrArray   *images,
                                              const char  *nonce);

/* Checks @base_url and returns the URI of @path below it.  https is
 * accepted anywhere; http only for loopback hosts.
 */
GUri     *confab_request_build_uri  (const char *base_url,
                                     const char *path,
                                     GError    **error);
/* The same, with http also for the hosts on the home network in
 * @plain_http_hosts, which the person confirmed.
 */
GUri     *confab_request_build_uri_full (const char         *base_url,
                                         const char         *path,
                                         const char * const *plain_http_hosts,
                                         GError            **error);

/* Reads the answer to `GET /models`, `{"data":[{"id":…},…]}` (OpenAI's
 * shape, also Ollama's and llama.cpp's): the ids, sorted, each once.
 */
GStrv     confab_request_parse_models (GBytes  *body,
                                       GError **error);

gboolean  confab_request_uri_is_loopback     (GUri       *uri);
gboolean  confab_request_uri_is_home_network (GUri       *uri);
gboolean  confab_request_is_local_url        (const char *base_url);

G_END_DECLS
