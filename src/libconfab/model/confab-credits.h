/* confab-credits.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What is left of the credits at the gateway, as Evolink's GET /credits
 * says it: the API key's own allowance ("token", which may be unlimited)
 * and the account's ("user").  A server that answers anything else has
 * no credits to show.
 */

#define CONFAB_TYPE_CREDITS (confab_credits_get_type())

G_DECLARE_FINAL_TYPE (ConfabCredits, confab_credits, CONFAB, CREDITS, GObject)

/* NULL when @data is not such an answer. */
ConfabCredits *confab_credits_new_from_json          (const char    *data,
                                                      gssize         length);
gboolean       confab_credits_has_key                (ConfabCredits *self);
gboolean       confab_credits_get_key_unlimited      (ConfabCredits *self);
double         confab_credits_get_key_remaining      (ConfabCredits *self);
gboolean       confab_credits_has_account            (ConfabCredits *self);
double         confab_credits_get_account_remaining  (ConfabCredits *self);
/* "99,416.44 credits ($1,380.78)" for people; locale-aware digits. */
char          *confab_credits_format_amount          (double         credits);
/* What is left of the key's allowance: an amount or "Unlimited";
 * NULL when the answer had none.
 */
char          *confab_credits_format_key             (ConfabCredits *self);
char          *confab_credits_format_account         (ConfabCredits *self);
gboolean       confab_credits_get_used               (ConfabCredits *self,
                                                      double        *used);
gboolean       confab_credits_get_lowest             (ConfabCredits *self,
                                                      double        *lowest);
gboolean       confab_credits_is_low                 (ConfabCredits *self,
                                                      double         threshold);
char          *confab_credits_identity               (const char    *base_url,
                                                      const char    *api_key);

G_END_DECLS
