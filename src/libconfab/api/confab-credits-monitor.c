/* confab-credits-monitor.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "confab-credits-monitor.h"

/* What is left of the credits at the client's server, one copy for the
 * whole application.
 *
 * Nothing is asked on a timer while nothing happens.  The credits are
 * asked for when something may have changed them or wants to show them
 * (confab_credits_monitor_update(): an answer came, a view of them
 * opened), at most once every 30 seconds: an update within 30 seconds
 * of the last request asks once those are over, a single time however
 * many updates came meanwhile.  A person asks at once with
 * confab_credits_monitor_refresh().  A server without credits leaves
 * them %NULL, which is not an error.
 *
 * The first used credits seen of each pair of server and key (named by
 * confab_credits_identity(), which does not keep the key) are kept in
 * ConfabCreditsMonitor:baselines, with the time they were seen, so that
 * what the gateway counted since can be put beside Confab's estimate.
 */

struct _ConfabCreditsMonitor
{
  GObject          parent_instance;

  ConfabClient    *client;
  ConfabCredits   *credits;
  GCancellable    *cancellable;
  char            *identity;

  ConfabClockFunc  clock;
  gpointer         clock_data;
  gboolean         asked;
  gint64           last_ask;
  guint            pending_id;
  /* An update came while a request was under way. */
  gboolean         stale;
  /* The server answered that it has no credits (no endpoint, or
   * another shape): answers do not ask it again for an hour.
   */
  gboolean         absent;

  double           low_threshold;
  gboolean         low;

  GVariant        *baselines;
};

G_DEFINE_FINAL_TYPE (ConfabCreditsMonitor, confab_credits_monitor, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CREDITS,
  PROP_LOADING,
  PROP_LOW_THRESHOLD,
  PROP_LOW,
  PROP_BASELINES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gint64
default_clock (gpointer user_data)
{
  return g_get_monotonic_time ();
}

static char *
dup_identity (ConfabCreditsMonitor *self)
{
  g_autofree char *api_key = NULL;

  g_object_get (self->client, "api-key", &api_key, NULL);

  return confab_credits_identity (confab_client_get_base_url (self->client), api_key);
}

static void
update_low (ConfabCreditsMonitor *self)
{
  gboolean low = self->credits != NULL && confab_credits_is_low (self->credits, self->low_threshold);

  if (low == self->low)
    return;

  self->low = low;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOW]);
}

static gboolean
lookup_baseline (ConfabCreditsMonitor *self,
                 double               *used,
                 gint64               *since)
{
  if (self->baselines == NULL || self->identity == NULL)
    return FALSE;

  return g_variant_lookup (self->baselines, self->identity, "(dx)", used, since);
}

/* The first used credits seen of this server and key, kept. */
static void
add_baseline (ConfabCreditsMonitor *self)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a{s(dx)}"));
  double used, old_used;
  gint64 since;

  if (self->credits == NULL || self->identity == NULL ||
      !confab_credits_get_used (self->credits, &used) ||
      lookup_baseline (self, &old_used, &since))
    return;

  if (self->baselines != NULL)
    {
      GVariantIter iter;
      GVariant *child;

      g_variant_iter_init (&iter, self->baselines);
      while ((child = g_variant_iter_next_value (&iter)))
        {
          g_variant_builder_add_value (&builder, child);
          g_variant_unref (child);
        }
    }
  g_variant_builder_add (&builder, "{s(dx)}", self->identity, used,
                         g_get_real_time ());

  g_clear_pointer (&self->baselines, g_variant_unref);
  self->baselines = g_variant_ref_sink (g_variant_builder_end (&builder));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASELINES]);
}

static void
set_credits (ConfabCreditsMonitor *self,
             ConfabCredits        *credits)
{
  if (self->credits == NULL && credits == NULL)
    return;

  g_set_object (&self->credits, credits);
  add_baseline (self);
  update_low (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREDITS]);
}

static void
get_credits_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ConfabCreditsMonitor) self = user_data;
  g_autoptr(ConfabCredits) credits = NULL;
  g_autoptr(GError) error = NULL;

  credits = confab_client_get_credits_finish (CONFAB_CLIENT (object), result, &error);

  /* Another server or key, or the end. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  self->absent = credits == NULL && error == NULL;
  set_credits (self, credits);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

  if (self->stale)
    {
      self->stale = FALSE;
      confab_credits_monitor_update (self);
    }
}

static void
ask (ConfabCreditsMonitor *self)
{
  g_clear_handle_id (&self->pending_id, g_source_remove);

  self->asked = TRUE;
  self->last_ask = self->clock (self->clock_data);
  self->stale = FALSE;

  self->cancellable = g_cancellable_new ();
  confab_client_get_credits_async (self->client, self->cancellable,
                                   get_credits_cb, g_object_ref (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static gboolean
pending_cb (gpointer user_data)
{
  ConfabCreditsMonitor *self = user_data;

  self->pending_id = 0;
  if (self->cancellable == NULL)
    ask (self);

  return G_SOURCE_REMOVE;
}

/* Another server or key has other credits, asked at once. */
static void
client_changed_cb (ConfabCreditsMonitor *self)
{
  g_autofree char *identity = dup_identity (self);
  gboolean shown = self->credits != NULL;

  if (g_strcmp0 (identity, self->identity) == 0)
    return;

  g_free (self->identity);
  self->identity = g_steal_pointer (&identity);

  g_clear_handle_id (&self->pending_id, g_source_remove);
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      shown = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
    }
  self->asked = FALSE;
  self->stale = FALSE;
  self->absent = FALSE;
  set_credits (self, NULL);

  if (shown)
    confab_credits_monitor_update (self);
}

static void
confab_credits_monitor_dispose (GObject *object)
{
  ConfabCreditsMonitor *self = (ConfabCreditsMonitor *)object;

  g_clear_handle_id (&self->pending_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->credits);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (confab_credits_monitor_parent_class)->dispose (object);
}

static void
confab_credits_monitor_finalize (GObject *object)
{
  ConfabCreditsMonitor *self = (ConfabCreditsMonitor *)object;

  g_clear_pointer (&self->identity, g_free);
  g_clear_pointer (&self->baselines, g_variant_unref);

  G_OBJECT_CLASS (confab_credits_monitor_parent_class)->finalize (object);
}

static void
confab_credits_monitor_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  ConfabCreditsMonitor *self = CONFAB_CREDITS_MONITOR (object);

  switch (prop_id)
    {
    case PROP_CREDITS:
      g_value_set_object (value, self->credits);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, confab_credits_monitor_get_loading (self));
      break;

    case PROP_LOW_THRESHOLD:
      g_value_set_double (value, self->low_threshold);
      break;

    case PROP_LOW:
      g_value_set_boolean (value, self->low);
      break;

    case PROP_BASELINES:
      g_value_set_variant (value, confab_credits_monitor_get_baselines (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_credits_monitor_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  ConfabCreditsMonitor *self = CONFAB_CREDITS_MONITOR (object);

  switch (prop_id)
    {
    case PROP_LOW_THRESHOLD:
      confab_credits_monitor_set_low_threshold (self, g_value_get_double (value));
      break;

    case PROP_BASELINES:
      confab_credits_monitor_set_baselines (self, g_value_get_variant (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_credits_monitor_class_init (ConfabCreditsMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = confab_credits_monitor_dispose;
  object_class->finalize = confab_credits_monitor_finalize;
  object_class->get_property = confab_credits_monitor_get_property;
  object_class->set_property = confab_credits_monitor_set_property;

  /**
   * ConfabCreditsMonitor:credits:
   *
   * The credits last read, or %NULL when the server has none to show
   * or they were not asked for yet.
   */
  properties[PROP_CREDITS] =
    g_param_spec_object ("credits", NULL, NULL,
                         CONFAB_TYPE_CREDITS,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ConfabCreditsMonitor:low-threshold:
   *
   * The credits below which what is left is low; 0 for never.
   */
  properties[PROP_LOW_THRESHOLD] =
    g_param_spec_double ("low-threshold", NULL, NULL,
                         0, G_MAXDOUBLE, 0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ConfabCreditsMonitor:low:
   *
   * Whether what can still be spent is below the threshold.
   */
  properties[PROP_LOW] =
    g_param_spec_boolean ("low", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ConfabCreditsMonitor:baselines:
   *
   * The first used credits seen, and when (microseconds since 1970), by
   * confab_credits_identity(): `a{s(dx)}`.
   */
  properties[PROP_BASELINES] =
    g_param_spec_variant ("baselines", NULL, NULL,
                          G_VARIANT_TYPE ("a{s(dx)}"), NULL,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
confab_credits_monitor_init (ConfabCreditsMonitor *self)
{
  self->clock = default_clock;
}

/**
 * confab_credits_monitor_new:
 * @client: the client that asks the server
 */
ConfabCreditsMonitor *
confab_credits_monitor_new (ConfabClient *client)
{
  ConfabCreditsMonitor *self;

  g_return_val_if_fail (CONFAB_IS_CLIENT (client), NULL);

  self = g_object_new (CONFAB_TYPE_CREDITS_MONITOR, NULL);
  self->client = g_object_ref (client);
  self->identity = dup_identity (self);

  g_signal_connect_object (client, "notify::base-url",
                           G_CALLBACK (client_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (client, "notify::api-key",
                           G_CALLBACK (client_changed_cb),
                           self, G_CONNECT_SWAPPED);

  return self;
}

/**
 * confab_credits_monitor_set_clock:
 * @clock: (nullable): the clock the 30 seconds are counted with, or
 *   %NULL for g_get_monotonic_time()
 *
 * For tests.
 */
void
confab_credits_monitor_set_clock (ConfabCreditsMonitor *self,
                                  ConfabClockFunc       clock,
                                  gpointer              user_data)
{
  g_return_if_fail (CONFAB_IS_CREDITS_MONITOR (self));

  self->clock = clock ? clock : default_clock;
  self->clock_data = user_data;
}

/**
 * confab_credits_monitor_get_credits:
 *
 * Returns: (transfer none) (nullable): the credits last read
 */
ConfabCredits *
confab_credits_monitor_get_credits (ConfabCreditsMonitor *self)
{
  g_return_val_if_fail (CONFAB_IS_CREDITS_MONITOR (self), NULL);

  return self->credits;
}

gboolean
confab_credits_monitor_get_loading (ConfabCreditsMonitor *self)
{
  g_return_val_if_fail (CONFAB_IS_CREDITS_MONITOR (self), FALSE);

  return self->cancellable != NULL;
}

/**
 * confab_credits_monitor_update:
 *
 * Something may have changed the credits (an answer came) or wants to
 * show them: asks for them now when the last request is 30 seconds old,
 * or else once it is.
 */
void
confab_credits_monitor_update (ConfabCreditsMonitor *self)
{
  gint64 now, wait;

  g_return_if_fail (CONFAB_IS_CREDITS_MONITOR (self));

  if (self->cancellable != NULL)
    {
      self->stale = TRUE;
      return;
    }

  now = self->clock (self->clock_data);

  /* A server without credits is not asked after every answer. */
  if (self->absent && now - self->last_ask < CONFAB_CREDITS_MONITOR_ABSENT_INTERVAL)
    return;

  wait = self->asked ? self->last_ask + CONFAB_CREDITS_MONITOR_INTERVAL - now : 0;
  if (wait <= 0)
    {
      ask (self);
      return;
    }

  /* One request when the time is over, whatever came meanwhile; the
   * time is counted again from the clock each time.
   */
  g_clear_handle_id (&self->pending_id, g_source_remove);
  self->pending_id = g_timeout_add ((guint) MIN ((wait + 999) / 1000, CONFAB_CREDITS_MONITOR_INTERVAL / 1000),
                                    pending_cb, self);
  g_source_set_name_by_id (self->pending_id, "[confab] credits");
}

/**
 * confab_credits_monitor_refresh:
 *
 * Asks for the credits now, as a person does; only a request under way
 * makes it wait for that one.
 */
void
confab_credits_monitor_refresh (ConfabCreditsMonitor *self)
{
  g_return_if_fail (CONFAB_IS_CREDITS_MONITOR (self));

  if (self->cancellable == NULL)
    ask (self);
}

double
confab_credits_monitor_get_low_threshold (ConfabCreditsMonitor *self)
{
  g_return_val_if_fail (CONFAB_IS_CREDITS_MONITOR (self), 0);

  return self->low_threshold;
}

void
confab_credits_monitor_set_low_threshold (ConfabCreditsMonitor *self,
                                          double                threshold)
{
  g_return_if_fail (CONFAB_IS_CREDITS_MONITOR (self));

  threshold = MAX (threshold, 0);
  if (threshold == self->low_threshold)
    return;

  self->low_threshold = threshold;
  update_low (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOW_THRESHOLD]);
}

gboolean
confab_credits_monitor_get_low (ConfabCreditsMonitor *self)
{
  g_return_val_if_fail (CONFAB_IS_CREDITS_MONITOR (self), FALSE);

  return self->low;
}

/**
 * confab_credits_monitor_get_baselines:
 *
 * Returns: (transfer none): the first used credits seen, by identity
 */
GVariant *
confab_credits_monitor_get_baselines (ConfabCreditsMonitor *self)
{
  g_return_val_if_fail (CONFAB_IS_CREDITS_MONITOR (self), NULL);

  if (self->baselines == NULL)
    self->baselines = g_variant_ref_sink (g_variant_new_array (G_VARIANT_TYPE ("{s(dx)}"), NULL, 0));

  return self->baselines;
}

/**
 * confab_credits_monitor_set_baselines:
 * @baselines: (nullable): `a{s(dx)}`, as kept from an earlier run
 */
void
confab_credits_monitor_set_baselines (ConfabCreditsMonitor *self,
                                      GVariant             *baselines)
{
  g_return_if_fail (CONFAB_IS_CREDITS_MONITOR (self));
  g_return_if_fail (baselines == NULL || g_variant_is_of_type (baselines, G_VARIANT_TYPE ("a{s(dx)}")));

  if (baselines != NULL && self->baselines != NULL && g_variant_equal (baselines, self->baselines))
    return;

  g_clear_pointer (&self->baselines, g_variant_unref);
  if (baselines != NULL)
    self->baselines = g_variant_ref_sink (baselines);

  add_baseline (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASELINES]);
}

/**
 * confab_credits_monitor_get_counted:
 * @credits: (out): the credits the gateway counted as used since
 * @since: (out): when they were first seen, in microseconds since 1970
 *
 * What the gateway counted as used since Confab first saw the credits
 * of this server and key.
 *
 * Returns: %FALSE when that is not known
 */
gboolean
confab_credits_monitor_get_counted (ConfabCreditsMonitor *self,
                                    double               *credits,
                                    gint64               *since)
{
  double used, first_used;

  g_return_val_if_fail (CONFAB_IS_CREDITS_MONITOR (self), FALSE);
  g_return_val_if_fail (credits != NULL && since != NULL, FALSE);

  if (self->credits == NULL || !confab_credits_get_used (self->credits, &used) ||
      !lookup_baseline (self, &first_used, since))
    return FALSE;

  *credits = MAX (used - first_used, 0);

  return TRUE;
}
