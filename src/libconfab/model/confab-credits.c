/* confab-credits.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "confab-credits.h"
#include "confab-pricing.h"

/* The largest answer read as credits: the real one is about 200 bytes. */
#define MAX_CREDITS_ANSWER 65536

struct _ConfabCredits
{
  GObject  parent_instance;

  gboolean has_key;
  gboolean key_unlimited;
  double   key_remaining;
  gboolean has_account;
  double   account_remaining;
  /* What the key and the account used so far; negative when not said. */
  double   key_used;
  double   account_used;
};

G_DEFINE_FINAL_TYPE (ConfabCredits, confab_credits, G_TYPE_OBJECT)

/* Reads the member @name of @object into @remaining: a finite number. */
static gboolean
read_amount (JsonObject *object,
             const char *name,
             double     *remaining)
{
  JsonNode *node;

  if (object == NULL ||
      (node = json_object_get_member (object, name)) == NULL ||
      !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
    case G_TYPE_DOUBLE:
      *remaining = json_node_get_double (node);
      return isfinite (*remaining);

    default:
      return FALSE;
    }
}

static JsonObject *
get_object_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, name)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_node_get_object (node);
}

static void
confab_credits_class_init (ConfabCreditsClass *klass)
{
}

static void
confab_credits_init (ConfabCredits *self)
{
}

/**
 * confab_credits_new_from_json:
 * @data: the body of a GET /credits answer
 * @length: its length, or -1 when it ends in a NUL
 *
 * Returns: (transfer full) (nullable): the credits, or %NULL when @data
 *   is not an answer with at least one remaining amount (another
 *   server's page, an error, "success": false)
 */
ConfabCredits *
confab_credits_new_from_json (const char *data,
                              gssize      length)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(ConfabCredits) self = NULL;
  JsonNode *root;
  JsonObject *data_object, *token, *user;
  JsonNode *success;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length < 0)
    length = strlen (data);
  if (length == 0 || length > MAX_CREDITS_ANSWER ||
      !json_parser_load_from_data (parser, data, length, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  success = json_object_get_member (json_node_get_object (root), "success");
  if (success != NULL && JSON_NODE_HOLDS_VALUE (success) &&
      json_node_get_value_type (success) == G_TYPE_BOOLEAN &&
      !json_node_get_boolean (success))
    return NULL;

  data_object = get_object_member (json_node_get_object (root), "data");
  token = get_object_member (data_object, "token");
  user = get_object_member (data_object, "user");

  self = g_object_new (CONFAB_TYPE_CREDITS, NULL);
  self->has_key = read_amount (token, "remaining_credits", &self->key_remaining);
  if (token != NULL && json_object_has_member (token, "unlimited_credits"))
    {
      JsonNode *node = json_object_get_member (token, "unlimited_credits");

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN &&
          json_node_get_boolean (node))
        self->key_unlimited = self->has_key = TRUE;
    }
  self->has_account = read_amount (user, "remaining_credits", &self->account_remaining);

  /* Used credits only count with the remaining ones they go with. */
  if (!self->has_key || !read_amount (token, "used_credits", &self->key_used) || self->key_used < 0)
    self->key_used = -1;
  if (!self->has_account || !read_amount (user, "used_credits", &self->account_used) || self->account_used < 0)
    self->account_used = -1;

  if (!self->has_key && !self->has_account)
    return NULL;

  return g_steal_pointer (&self);
}

gboolean
confab_credits_has_key (ConfabCredits *self)
{
  g_return_val_if_fail (CONFAB_IS_CREDITS (self), FALSE);

  return self->has_key;
}

gboolean
confab_credits_get_key_unlimited (ConfabCredits *self)
{
  g_return_val_if_fail (CONFAB_IS_CREDITS (self), FALSE);

  return self->key_unlimited;
}

double
confab_credits_get_key_remaining (ConfabCredits *self)
{
  g_return_val_if_fail (CONFAB_IS_CREDITS (self), 0);

  return self->key_remaining;
}

gboolean
confab_credits_has_account (ConfabCredits *self)
{
  g_return_val_if_fail (CONFAB_IS_CREDITS (self), FALSE);

  return self->has_account;
}

double
confab_credits_get_account_remaining (ConfabCredits *self)
{
  g_return_val_if_fail (CONFAB_IS_CREDITS (self), 0);

  return self->account_remaining;
}

/**
 * confab_credits_format_amount:
 * @credits: a number of credits
 *
 * Returns: (transfer full): the credits with two decimals and what they
 *   are worth in US dollars at the gateway's rate, such as
 *   "1,095.40 credits ($15.21)"
 */
char *
confab_credits_format_amount (double credits)
{
  g_autofree char *amount = g_strdup_printf ("%'.2f", credits);
  g_autofree char *dollars = confab_pricing_format_cost (credits / CONFAB_PRICING_CREDITS_PER_USD);

  /* Translators: credits left at the gateway; the first %s is the
   * number, such as 1,095.40, the second what they are worth, such as
   * $15.21.
   */
  return g_strdup_printf (_("%s credits (%s)"), amount, dollars);
}

/**
 * confab_credits_format_key:
 *
 * Returns: (transfer full) (nullable): what is left of the API key's
 *   allowance, or %NULL when the answer did not say
 */
char *
confab_credits_format_key (ConfabCredits *self)
{
  g_return_val_if_fail (CONFAB_IS_CREDITS (self), NULL);

  if (!self->has_key)
    return NULL;
  if (self->key_unlimited)
    return g_strdup (_("Unlimited"));

  return confab_credits_format_amount (self->key_remaining);
}

/**
 * confab_credits_format_account:
 *
 * Returns: (transfer full) (nullable): what is left of the account's
 *   credits, or %NULL when the answer did not say
 */
char *
confab_credits_format_account (ConfabCredits *self)
{
  g_return_val_if_fail (CONFAB_IS_CREDITS (self), NULL);

  if (!self->has_account)
    return NULL;

  return confab_credits_format_amount (self->account_remaining);
}

/**
 * confab_credits_get_used:
 * @used: (out): the credits used so far
 *
 * What the gateway counted as used so far: the API key's own count
 * when the answer has one, or else the account's.
 *
 * Returns: %FALSE when the answer said neither
 */
gboolean
confab_credits_get_used (ConfabCredits *self,
                         double        *used)
{
  g_return_val_if_fail (CONFAB_IS_CREDITS (self), FALSE);
  g_return_val_if_fail (used != NULL, FALSE);

  if (self->key_used >= 0)
    *used = self->key_used;
  else if (self->account_used >= 0)
    *used = self->account_used;
  else
    return FALSE;

  return TRUE;
}

/**
 * confab_credits_get_lowest:
 * @lowest: (out): the credits that can still be spent
 *
 * What can still be spent with the key: the lower of what is left of
 * its allowance (unless it is unlimited) and of the account.
 *
 * Returns: %FALSE when nothing limits it (an unlimited key and no
 *   account's amount)
 */
gboolean
confab_credits_get_lowest (ConfabCredits *self,
                           double        *lowest)
{
  gboolean limited = FALSE;
  double amount = G_MAXDOUBLE;

  g_return_val_if_fail (CONFAB_IS_CREDITS (self), FALSE);
  g_return_val_if_fail (lowest != NULL, FALSE);

  if (self->has_key && !self->key_unlimited)
    {
      amount = self->key_remaining;
      limited = TRUE;
    }
  if (self->has_account)
    {
      amount = MIN (amount, self->account_remaining);
      limited = TRUE;
    }

  if (limited)
    *lowest = amount;

  return limited;
}

/**
 * confab_credits_is_low:
 * @threshold: the credits below which they are low, or 0 (or less)
 *   never to call them low
 *
 * Returns: whether what can still be spent is below @threshold
 */
gboolean
confab_credits_is_low (ConfabCredits *self,
                       double         threshold)
{
  double lowest;

  g_return_val_if_fail (CONFAB_IS_CREDITS (self), FALSE);

  return threshold > 0 && confab_credits_get_lowest (self, &lowest) && lowest < threshold;
}

/**
 * confab_credits_identity:
 * @base_url: the base URL credits are asked at
 * @api_key: (nullable): the API key they are asked with
 *
 * Names the pair of a server and a key, to keep what was seen of its
 * credits, without keeping the key: a SHA-256 digest of both.  Trailing
 * slashes and spaces of @base_url do not count.
 *
 * Returns: (transfer full) (nullable): 64 hexadecimal digits, or %NULL
 *   without a key
 */
char *
confab_credits_identity (const char *base_url,
                         const char *api_key)
{
  g_autoptr(GChecksum) checksum = NULL;
  g_autofree char *url = NULL;
  gsize len;

  if (api_key == NULL || *api_key == '\0')
    return NULL;

  url = g_strstrip (g_strdup (base_url ? base_url : ""));
  len = strlen (url);
  while (len > 0 && url[len - 1] == '/')
    url[--len] = '\0';

  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (checksum, (const guchar *) "confab-credits\n", -1);
  g_checksum_update (checksum, (const guchar *) url, len);
  g_checksum_update (checksum, (const guchar *) "\n", 1);
  g_checksum_update (checksum, (const guchar *) api_key, strlen (api_key));

  return g_strdup (g_checksum_get_string (checksum));
}
