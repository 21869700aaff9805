/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-curl.c: cURL command lines to RunnelRequest ("Import cURL…") and back ("Copy as cURL") */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "runnel-curl.h"
#include "runnel-curl-data.h"
#include "runnel-request-private.h"
#include "runnel-shell-words.h"

G_DEFINE_QUARK (runnel-curl-error-quark, runnel_curl_error)

static gboolean
is_curl_word (const char *word)
{
  const char *base = strrchr (word, '/');

  if (strstr (word, "://") != NULL)
    return FALSE;
  base = base ? base + 1 : word;
  return g_ascii_strcasecmp (base, "curl") == 0 || g_ascii_strcasecmp (base, "curl.exe") == 0;
}

gboolean
runnel_curl_looks_like_command (const char *text)
{
  const char *p = text;
  const char *start;
  g_autofree char *first = NULL;

  if (text == NULL)
    return FALSE;

  while (g_ascii_isspace (*p))
    p++;
  start = p;
  while (*p != '\0' && !g_ascii_isspace (*p))
    p++;

  if (*p == '\0' && p - start > 8)
    return FALSE;  /* a single word longer than curl.exe: a URL */

  first = g_strndup (start, p - start);
  return is_curl_word (first);
}

/* Options */

typedef enum
{
  OPT_IGNORE,        /* no effect on the request: reported as left out */
  OPT_ANYWAY,        /* what Runnel does anyway: accepted without a word */
  OPT_UNSUPPORTED,
  OPT_REQUEST,
  OPT_URL,
  OPT_HEADER,
  OPT_DATA,          /* -d, --data-ascii: @FILE with CR and LF removed */
  OPT_DATA_BINARY,
  OPT_DATA_RAW,
  OPT_DATA_URLENCODE,
  OPT_JSON,
  OPT_GET,
  OPT_HEAD,
  OPT_USER,
  OPT_OAUTH2_BEARER,
  OPT_USER_AGENT,
  OPT_REFERER,
  OPT_COOKIE,
  OPT_INSECURE,
  OPT_CACERT,
  OPT_MAX_TIME,
} OptAction;

typedef struct
{
  const char *name;
  char        letter;
  guint8      has_arg;
  guint8      action;
} CurlOption;

static const CurlOption curl_options[] = {
  { "request", 'X', TRUE, OPT_REQUEST },
  { "url", 0, TRUE, OPT_URL },
  { "header", 'H', TRUE, OPT_HEADER },
  { "data", 'd', TRUE, OPT_DATA },
  { "data-ascii", 0, TRUE, OPT_DATA },
  { "data-binary", 0, TRUE, OPT_DATA_BINARY },
  { "data-raw", 0, TRUE, OPT_DATA_RAW },
  { "data-urlencode", 0, TRUE, OPT_DATA_URLENCODE },
  { "json", 0, TRUE, OPT_JSON },
  { "get", 'G', FALSE, OPT_GET },
  { "head", 'I', FALSE, OPT_HEAD },
  { "user", 'u', TRUE, OPT_USER },
  { "oauth2-bearer", 0, TRUE, OPT_OAUTH2_BEARER },
  { "user-agent", 'A', TRUE, OPT_USER_AGENT },
  { "referer", 'e', TRUE, OPT_REFERER },
  { "cookie", 'b', TRUE, OPT_COOKIE },
  { "insecure", 'k', FALSE, OPT_INSECURE },
  { "cacert", 0, TRUE, OPT_CACERT },
  { "max-time", 'm', TRUE, OPT_MAX_TIME },

  /* what curl prints, how it connects or retries: nothing the server sees */
  { "compressed", 0, FALSE, OPT_IGNORE },   /* libsoup decodes what the server compresses */
  { "no-buffer", 'N', FALSE, OPT_ANYWAY },   /* every SSE example has it; Runnel streams */
  { "silent", 's', FALSE, OPT_IGNORE },
  { "show-error", 'S', FALSE, OPT_IGNORE },
  { "verbose", 'v', FALSE, OPT_IGNORE },
  { "include", 'i', FALSE, OPT_IGNORE },
  { "location", 'L', FALSE, OPT_IGNORE },     /* libsoup follows redirects */
  { "location-trusted", 0, FALSE, OPT_IGNORE },
  { "globoff", 'g', FALSE, OPT_IGNORE },
  { "fail", 'f', FALSE, OPT_IGNORE },
  { "fail-with-body", 0, FALSE, OPT_IGNORE },
  { "progress-bar", '#', FALSE, OPT_IGNORE },
  { "no-progress-meter", 0, FALSE, OPT_IGNORE },
  { "http1.1", 0, FALSE, OPT_IGNORE },
  { "http2", 0, FALSE, OPT_IGNORE },
  { "ipv4", '4', FALSE, OPT_IGNORE },
  { "ipv6", '6', FALSE, OPT_IGNORE },
  { "basic", 0, FALSE, OPT_IGNORE },
  { "tr-encoding", 0, FALSE, OPT_IGNORE },
  { "raw", 0, FALSE, OPT_IGNORE },
  { "no-keepalive", 0, FALSE, OPT_IGNORE },
  { "tcp-nodelay", 0, FALSE, OPT_IGNORE },
  { "ssl-no-revoke", 0, FALSE, OPT_IGNORE },
  { "remote-name", 'O', FALSE, OPT_IGNORE },
  { "output", 'o', TRUE, OPT_IGNORE },
  { "write-out", 'w', TRUE, OPT_IGNORE },
  { "dump-header", 'D', TRUE, OPT_IGNORE },
  { "trace", 0, TRUE, OPT_IGNORE },
  { "trace-ascii", 0, TRUE, OPT_IGNORE },
  { "stderr", 0, TRUE, OPT_IGNORE },
  { "cookie-jar", 'c', TRUE, OPT_IGNORE },
  { "connect-timeout", 0, TRUE, OPT_IGNORE },
  { "keepalive-time", 0, TRUE, OPT_IGNORE },
  { "max-redirs", 0, TRUE, OPT_IGNORE },
  { "retry", 0, TRUE, OPT_IGNORE },
  { "retry-delay", 0, TRUE, OPT_IGNORE },
  { "retry-max-time", 0, TRUE, OPT_IGNORE },
  { "limit-rate", 0, TRUE, OPT_IGNORE },

  /* known, and not something Runnel can do: named in the error */
  { "form", 'F', TRUE, OPT_UNSUPPORTED },
  { "form-string", 0, TRUE, OPT_UNSUPPORTED },
  { "upload-file", 'T', TRUE, OPT_UNSUPPORTED },
  { "proxy", 'x', TRUE, OPT_UNSUPPORTED },
  { "proxy-user", 'U', TRUE, OPT_UNSUPPORTED },
  { "preproxy", 0, TRUE, OPT_UNSUPPORTED },
  { "socks5", 0, TRUE, OPT_UNSUPPORTED },
  { "socks5-hostname", 0, TRUE, OPT_UNSUPPORTED },
  { "proxytunnel", 'p', FALSE, OPT_UNSUPPORTED },
  { "cert", 'E', TRUE, OPT_UNSUPPORTED },
  { "cert-type", 0, TRUE, OPT_UNSUPPORTED },
  { "key", 0, TRUE, OPT_UNSUPPORTED },
  { "key-type", 0, TRUE, OPT_UNSUPPORTED },
  { "pass", 0, TRUE, OPT_UNSUPPORTED },
  { "capath", 0, TRUE, OPT_UNSUPPORTED },
  { "digest", 0, FALSE, OPT_UNSUPPORTED },
  { "ntlm", 0, FALSE, OPT_UNSUPPORTED },
  { "negotiate", 0, FALSE, OPT_UNSUPPORTED },
  { "anyauth", 0, FALSE, OPT_UNSUPPORTED },
  { "aws-sigv4", 0, TRUE, OPT_UNSUPPORTED },
  { "unix-socket", 0, TRUE, OPT_UNSUPPORTED },
  { "abstract-unix-socket", 0, TRUE, OPT_UNSUPPORTED },
  { "resolve", 0, TRUE, OPT_UNSUPPORTED },
  { "connect-to", 0, TRUE, OPT_UNSUPPORTED },
  { "interface", 0, TRUE, OPT_UNSUPPORTED },
  { "range", 'r', TRUE, OPT_UNSUPPORTED },
  { "continue-at", 'C', TRUE, OPT_UNSUPPORTED },
  { "time-cond", 'z', TRUE, OPT_UNSUPPORTED },
  { "request-target", 0, TRUE, OPT_UNSUPPORTED },
  { "path-as-is", 0, FALSE, OPT_UNSUPPORTED },
  { "url-query", 0, TRUE, OPT_UNSUPPORTED },
  { "variable", 0, TRUE, OPT_UNSUPPORTED },
  { "config", 'K', TRUE, OPT_UNSUPPORTED },
  { "netrc", 'n', FALSE, OPT_UNSUPPORTED },
  { "next", ':', FALSE, OPT_UNSUPPORTED },
  { "http3", 0, FALSE, OPT_UNSUPPORTED },
  { "http3-only", 0, FALSE, OPT_UNSUPPORTED },
  { "http0.9", 0, FALSE, OPT_UNSUPPORTED },
  { "http1.0", '0', FALSE, OPT_UNSUPPORTED },
};

typedef struct
{
  RunnelCurlFlags  flags;
  RunnelRequest   *request;
  GPtrArray       *ignored;
  GPtrArray       *unsupported;
  GPtrArray       *urls;
  GPtrArray       *removed;      /* header names given as "Name:" (curl default removed) */
  RunnelCurlData  *data;
  char            *method;
  char            *authorization;
  char            *user_agent;
  char            *referer;
  GString         *cookie;
  char            *cacert;
  guint            timeout;
  gboolean         get;
  gboolean         head;
  gboolean         insecure;
} Parse;

static void
parse_clear (Parse *parse)
{
  g_clear_object (&parse->request);
  g_clear_pointer (&parse->ignored, g_ptr_array_unref);
  g_clear_pointer (&parse->unsupported, g_ptr_array_unref);
  g_clear_pointer (&parse->urls, g_ptr_array_unref);
  g_clear_pointer (&parse->removed, g_ptr_array_unref);
  g_clear_pointer (&parse->data, runnel_curl_data_free);
  g_clear_pointer (&parse->method, g_free);
  g_clear_pointer (&parse->authorization, g_free);
  g_clear_pointer (&parse->user_agent, g_free);
  g_clear_pointer (&parse->referer, g_free);
  g_clear_pointer (&parse->cacert, g_free);
  if (parse->cookie != NULL)
    g_string_free (g_steal_pointer (&parse->cookie), TRUE);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Parse, parse_clear)

static gboolean
invalid (GError     **error,
         const char  *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError     **error,
         const char  *format,
         ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (RUNNEL_CURL_ERROR, RUNNEL_CURL_ERROR_INVALID,
                                                format, args));
  va_end (args);
  return FALSE;
}

/* the checks of runnel_request_check_header (), plus UTF-8, with the option named */
static gboolean
check_header (const char  *option,
              const char  *name,
              const char  *value,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!g_utf8_validate (value, -1, NULL))
    return invalid (error, _("The header given with %s is not valid UTF-8"), option);

  if (!runnel_request_check_header (name, value, &local_error))
    return invalid (error, "%s: %s", option, local_error->message);

  return TRUE;
}

/* @FILE arguments: read only when the caller allows it */
static GBytes *
read_file_arg (Parse       *parse,
               const char  *option,
               const char  *path,
               GError     **error)
{
  return runnel_curl_data_read_file (parse->flags & RUNNEL_CURL_READ_FILES, option, path, error);
}

static gboolean
handle_data (Parse       *parse,
             OptAction    action,
             const char  *option,
             const char  *arg,
             GError     **error)
{
  RunnelCurlDataKind kind;

  switch (action)
    {
    case OPT_DATA_BINARY:
      kind = RUNNEL_CURL_DATA_BINARY;
      break;
    case OPT_DATA_RAW:
      kind = RUNNEL_CURL_DATA_RAW;
      break;
    case OPT_DATA_URLENCODE:
      kind = RUNNEL_CURL_DATA_URLENCODE;
      break;
    case OPT_JSON:
      kind = RUNNEL_CURL_DATA_JSON;
      break;
    case OPT_DATA:
    default:
      kind = RUNNEL_CURL_DATA_ASCII;
      break;
    }

  return runnel_curl_data_add (parse->data, kind, option, arg, error);
}

static gboolean
is_managed_header (const char *name)
{
  static const char * const managed[] = {
    "Connection", "Content-Length", "Host", "Keep-Alive", "Proxy-Connection", "TE",
    "Transfer-Encoding", "Upgrade",
  };

  for (guint i = 0; i < G_N_ELEMENTS (managed); i++)
    {
      if (g_ascii_strcasecmp (name, managed[i]) == 0)
        return TRUE;
    }

  return FALSE;
}

static gboolean
handle_header (Parse       *parse,
               const char  *option,
               const char  *arg,
               GError     **error)
{
  g_autofree char *name = NULL;
  g_autofree char *value = NULL;
  const char *colon;

  if (arg[0] == '@')
    {
      g_autoptr(GBytes) file = read_file_arg (parse, option, arg + 1, error);
      g_auto(GStrv) lines = NULL;
      g_autofree char *text = NULL;

      if (file == NULL)
        return FALSE;

      text = g_strndup (g_bytes_get_data (file, NULL), g_bytes_get_size (file));
      lines = g_strsplit (text, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_strstrip (lines[i]);
          if (lines[i][0] != '\0' && !handle_header (parse, option, lines[i], error))
            return FALSE;
        }
      return TRUE;
    }

  colon = strchr (arg, ':');
  if (colon == NULL)
    {
      gsize len = strlen (arg);

      /* "Name;" sends the header with an empty value */
      if (len > 1 && arg[len - 1] == ';')
        {
          name = g_strndup (arg, len - 1);
          value = g_strdup ("");
        }
      else
        return invalid (error, _("The header “%s” has no colon: write it as “Name: value”"), arg);
    }
  else
    {
      name = g_strndup (arg, colon - arg);
      value = g_strstrip (g_strdup (colon + 1));

      if (value[0] == '\0')
        {
          /* "Name:" only removes a header curl would add itself */
          g_ptr_array_add (parse->removed, g_strdup (name));
          g_ptr_array_add (parse->ignored, g_strdup_printf ("%s '%s'", option, arg));
          return TRUE;
        }
    }

  if (!check_header (option, name, value, error))
    return FALSE;

  /* what Firefox copies but the HTTP library sets itself (and HTTP/2 forbids) */
  if (is_managed_header (name))
    {
      g_ptr_array_add (parse->ignored, g_strdup_printf ("%s '%s'", option, arg));
      return TRUE;
    }

  runnel_request_append_header (parse->request, name, value, TRUE);
  return TRUE;
}

static gboolean
handle_option (Parse             *parse,
               const CurlOption  *option,
               const char        *spelled,
               const char        *arg,
               gboolean           negated,
               GError           **error)
{
  switch ((OptAction) option->action)
    {
    case OPT_IGNORE:
      g_ptr_array_add (parse->ignored, g_strdup (spelled));
      return TRUE;

    case OPT_ANYWAY:
      return TRUE;

    case OPT_UNSUPPORTED:
      g_ptr_array_add (parse->unsupported, g_strdup (spelled));
      return TRUE;

    case OPT_REQUEST:
      if (arg[0] == '\0')
        return invalid (error, _("%s needs a method, such as POST"), spelled);
      g_free (parse->method);
      parse->method = g_strdup (arg);
      return TRUE;

    case OPT_URL:
      g_ptr_array_add (parse->urls, g_strdup (arg));
      return TRUE;

    case OPT_HEADER:
      return handle_header (parse, spelled, arg, error);

    case OPT_DATA:
    case OPT_DATA_BINARY:
    case OPT_DATA_RAW:
    case OPT_DATA_URLENCODE:
    case OPT_JSON:
      return handle_data (parse, option->action, spelled, arg, error);

    case OPT_GET:
      parse->get = !negated;
      return TRUE;

    case OPT_HEAD:
      parse->head = !negated;
      return TRUE;

    case OPT_INSECURE:
      parse->insecure = !negated;
      return TRUE;

    case OPT_USER:
      {
        g_autofree char *base64 = NULL;

        if (strchr (arg, ':') == NULL)
          return invalid (error, _("%s '%s' has no password, which curl would ask for: write it "
                            "as %s 'user:password'"), spelled, arg, spelled);
        base64 = g_base64_encode ((const guchar *) arg, strlen (arg));
        g_free (parse->authorization);
        parse->authorization = g_strconcat ("Basic ", base64, NULL);
        return TRUE;
      }

    case OPT_OAUTH2_BEARER:
      g_free (parse->authorization);
      parse->authorization = g_strconcat ("Bearer ", arg, NULL);
      g_strstrip (parse->authorization);
      return check_header (spelled, "Authorization", parse->authorization, error);

    case OPT_USER_AGENT:
      g_free (parse->user_agent);
      parse->user_agent = g_strstrip (g_strdup (arg));
      return check_header (spelled, "User-Agent", parse->user_agent, error);

    case OPT_REFERER:
      g_free (parse->referer);
      parse->referer = g_strdup (arg);
      if (g_str_has_suffix (parse->referer, ";auto"))
        parse->referer[strlen (parse->referer) - 5] = '\0';
      g_strstrip (parse->referer);
      return check_header (spelled, "Referer", parse->referer, error);

    case OPT_COOKIE:
      if (strchr (arg, '=') == NULL)
        {
          g_set_error (error, RUNNEL_CURL_ERROR, RUNNEL_CURL_ERROR_FILE,
                       _("%s %s reads cookies from the file “%s”, which Runnel does not do: "
                         "give them as %s 'name=value; name2=value2' instead"),
                       spelled, arg, arg, spelled);
          return FALSE;
        }
      {
        g_autofree char *cookie = g_strstrip (g_strdup (arg));

        if (parse->cookie == NULL)
          parse->cookie = g_string_new (cookie);
        else
          g_string_append_printf (parse->cookie, "; %s", cookie);
      }
      return check_header (spelled, "Cookie", parse->cookie->str, error);

    case OPT_CACERT:
      g_free (parse->cacert);
      parse->cacert = g_strdup (arg);
      return TRUE;

    case OPT_MAX_TIME:
      {
        char *end = NULL;
        double seconds = g_ascii_strtod (arg, &end);

        if (end == arg || *end != '\0' || !(seconds >= 0) || seconds > G_MAXUINT / 1000.0)
          return invalid (error, _("%s needs a number of seconds, not “%s”"), spelled, arg);
        parse->timeout = (guint) (seconds * 1000 + 0.5);
        return TRUE;
      }
    }

  g_assert_not_reached ();
}

static const CurlOption *
find_long (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (curl_options); i++)
    {
      if (strcmp (curl_options[i].name, name) == 0)
        return &curl_options[i];
    }

  return NULL;
}

static const CurlOption *
find_short (char letter)
{
  for (guint i = 0; i < G_N_ELEMENTS (curl_options); i++)
    {
      if (curl_options[i].letter == letter)
        return &curl_options[i];
    }

  return NULL;
}

static gboolean
unsupported_error (Parse   *parse,
                   GError **error)
{
  g_autofree char *list = NULL;
  guint n = parse->unsupported->len;

  g_ptr_array_add (parse->unsupported, NULL);
  list = g_strjoinv (", ", (char **) parse->unsupported->pdata);
  g_ptr_array_set_size (parse->unsupported, n);
  g_set_error (error, RUNNEL_CURL_ERROR, RUNNEL_CURL_ERROR_UNSUPPORTED,
               n > 1
                 ? _("Runnel cannot use these curl options: %s. Remove them and try again.")
                 : _("Runnel cannot use the curl option %s. Remove it and try again."),
               list);
  return FALSE;
}

static gboolean
has_header (Parse      *parse,
            const char *name)
{
  if (runnel_request_find_header (parse->request, name) != NULL)
    return TRUE;

  for (guint i = 0; i < parse->removed->len; i++)
    {
      if (g_ascii_strcasecmp (g_ptr_array_index (parse->removed, i), name) == 0)
        return TRUE;
    }

  return FALSE;
}

/* values are stripped as -H values are; an empty one (-A '') adds nothing, as in curl */
static void
add_implied_header (Parse      *parse,
                    const char *name,
                    const char *value)
{
  if (value != NULL && value[0] != '\0' && !has_header (parse, name))
    runnel_request_append_header (parse->request, name, value, TRUE);
}

static gboolean
finish_request (Parse   *parse,
                GError **error)
{
  g_autofree char *url = NULL;
  g_autoptr(GBytes) body = NULL;
  const char *method = NULL;

  if (parse->urls->len == 0)
    return invalid (error, _("The command has no URL"));
  if (parse->urls->len > 1)
    return invalid (error, _("The command has %u URLs (“%s”, “%s”…): a stream opens one"),
                    parse->urls->len, (char *) g_ptr_array_index (parse->urls, 0),
                    (char *) g_ptr_array_index (parse->urls, 1));

  url = g_strdup (g_ptr_array_index (parse->urls, 0));
  if (strstr (url, "://") == NULL)
    {
      /* curl's default scheme */
      g_autofree char *bare = g_steal_pointer (&url);

      url = g_strconcat ("http://", bare, NULL);
    }

  body = runnel_curl_data_steal_body (parse->data);
  if (parse->get && body != NULL)
    {
      /* -G: the data goes into the query */
      g_autofree char *with_query = NULL;
      g_autofree char *query = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));

      with_query = g_strconcat (url, strchr (url, '?') ? "&" : "?", query, NULL);
      g_free (url);
      url = g_steal_pointer (&with_query);
      g_clear_pointer (&body, g_bytes_unref);
    }

  runnel_request_set_url (parse->request, url);

  if (parse->method != NULL)
    method = parse->method;
  else if (parse->head)
    method = "HEAD";
  else if (body != NULL)
    method = "POST";
  runnel_request_set_method (parse->request, method);

  if (body != NULL)
    runnel_request_set_body (parse->request, body);

  add_implied_header (parse, "User-Agent", parse->user_agent);
  add_implied_header (parse, "Referer", parse->referer);
  add_implied_header (parse, "Cookie", parse->cookie ? parse->cookie->str : NULL);
  add_implied_header (parse, "Authorization", parse->authorization);
  /* --json's Accept: application/json is left out: the stream needs text/event-stream, which
   * the client sends unless a header says otherwise */
  if (runnel_request_get_body (parse->request) != NULL)
    add_implied_header (parse, "Content-Type",
                        runnel_curl_data_is_json (parse->data) ? "application/json" :
                                                                 "application/x-www-form-urlencoded");

  runnel_request_set_accept_invalid_certificates (parse->request, parse->insecure);
  runnel_request_set_ca_file (parse->request, parse->cacert);
  runnel_request_set_timeout (parse->request, parse->timeout);

  return TRUE;
}

static gboolean
parse_words (Parse              *parse,
             const char * const *argv,
             GError            **error)
{
  gboolean options_done = FALSE;

  for (guint i = 0; argv[i] != NULL; i++)
    {
      const char *word = argv[i];

      if (options_done || word[0] != '-' || word[1] == '\0')
        {
          g_ptr_array_add (parse->urls, g_strdup (word));
        }
      else if (strcmp (word, "--") == 0)
        {
          options_done = TRUE;
        }
      else if (word[1] == '-')
        {
          const CurlOption *option = find_long (word + 2);
          gboolean negated = FALSE;

          /* --no-insecure and the like */
          if (option == NULL && g_str_has_prefix (word + 2, "no-"))
            {
              option = find_long (word + 5);
              negated = option != NULL && !option->has_arg;
              if (!negated)
                option = NULL;
            }

          if (option == NULL)
            {
              /* its argument, if it has one, cannot be told from a URL: stop here */
              g_ptr_array_add (parse->unsupported, g_strdup (word));
              return unsupported_error (parse, error);
            }

          if (option->has_arg && argv[i + 1] == NULL)
            return invalid (error, _("The option %s needs an argument"), word);

          if (!handle_option (parse, option, word, option->has_arg ? argv[++i] : NULL,
                              negated, error))
            return FALSE;
        }
      else
        {
          /* short options, possibly grouped (-sSk) or with an attached argument (-XPOST) */
          for (const char *p = word + 1; *p != '\0'; p++)
            {
              const CurlOption *option = find_short (*p);
              char spelled[3] = { '-', *p, '\0' };
              const char *arg = NULL;

              if (option == NULL)
                {
                  g_ptr_array_add (parse->unsupported, g_strdup (spelled));
                  return unsupported_error (parse, error);
                }

              if (option->has_arg)
                {
                  if (p[1] != '\0')
                    arg = p + 1;
                  else if (argv[i + 1] != NULL)
                    arg = argv[++i];
                  else
                    return invalid (error, _("The option %s needs an argument"), spelled);
                }

              if (!handle_option (parse, option, spelled, arg, FALSE, error))
                return FALSE;
              if (arg != NULL)
                break;
            }
        }
    }

  if (parse->unsupported->len > 0)
    return unsupported_error (parse, error);

  return finish_request (parse, error);
}

RunnelRequest *
runnel_curl_parse_argv (const char * const  *argv,
                        RunnelCurlFlags      flags,
                        char              ***ignored,
                        GError             **error)
{
  g_auto(Parse) parse = { 0 };

  g_return_val_if_fail (argv != NULL, NULL);

  parse.flags = flags;
  parse.request = runnel_request_new (NULL);
  parse.ignored = g_ptr_array_new_with_free_func (g_free);
  parse.data = runnel_curl_data_new (flags & RUNNEL_CURL_READ_FILES);
  parse.unsupported = g_ptr_array_new_with_free_func (g_free);
  parse.urls = g_ptr_array_new_with_free_func (g_free);
  parse.removed = g_ptr_array_new_with_free_func (g_free);

  if (!parse_words (&parse, argv, error))
    return NULL;

  if (ignored != NULL)
    {
      g_ptr_array_add (parse.ignored, NULL);
      *ignored = (char **) g_ptr_array_free (g_steal_pointer (&parse.ignored), FALSE);
    }

  return g_steal_pointer (&parse.request);
}

RunnelRequest *
runnel_curl_parse (const char        *command,
                   gssize             length,
                   RunnelCurlFlags    flags,
                   char            ***ignored,
                   GError           **error)
{
  g_auto(GStrv) words = NULL;
  g_autoptr(GError) local_error = NULL;
  RunnelShellSyntax syntax = RUNNEL_SHELL_SYNTAX_GUESS;

  g_return_val_if_fail (command != NULL, NULL);

  if (flags & RUNNEL_CURL_SYNTAX_CMD)
    syntax = RUNNEL_SHELL_SYNTAX_CMD;
  else if (flags & RUNNEL_CURL_SYNTAX_POSIX)
    syntax = RUNNEL_SHELL_SYNTAX_POSIX;

  words = runnel_shell_split (command, length, syntax, &local_error);
  if (words == NULL)
    {
      g_set_error_literal (error, RUNNEL_CURL_ERROR,
                           local_error->code == RUNNEL_SHELL_ERROR_TOO_LARGE ?
                             RUNNEL_CURL_ERROR_TOO_LARGE : RUNNEL_CURL_ERROR_SYNTAX,
                           local_error->message);
      return NULL;
    }

  if (words[0] == NULL || !is_curl_word (words[0]))
    {
      g_set_error (error, RUNNEL_CURL_ERROR, RUNNEL_CURL_ERROR_NOT_CURL,
                   _("This is not a curl command: it must start with “curl”"));
      return NULL;
    }

  return runnel_curl_parse_argv ((const char * const *) words + 1, flags, ignored, error);
}

/* Printing */

static void
add_option (GPtrArray  *parts,
            const char *option,
            const char *arg)
{
  g_autofree char *quoted = arg ? runnel_shell_quote (arg) : NULL;

  g_ptr_array_add (parts, quoted ? g_strconcat (option, " ", quoted, NULL) : g_strdup (option));
}

/* a printf format that writes @data exactly: % and \ doubled, NUL as \000 */
static char *
printf_format (const guint8 *data,
               gsize         len)
{
  GString *format = g_string_sized_new (len + 16);

  for (gsize i = 0; i < len; i++)
    {
      if (data[i] == '%')
        g_string_append (format, "%%");
      else if (data[i] == '\\')
        g_string_append (format, "\\\\");
      else if (data[i] == '\0')
        g_string_append (format, "\\000");
      else
        g_string_append_c (format, data[i]);
    }

  return g_string_free (format, FALSE);
}

char *
runnel_curl_from_request (RunnelRequest    *request,
                          RunnelCurlFormat  format)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *pipe_in = NULL;
  const char *method;
  const char *last_event_id;
  GBytes *body;
  gboolean has_content_type = FALSE;
  GString *out;

  g_return_val_if_fail (RUNNEL_IS_REQUEST (request), NULL);

  method = runnel_request_get_method (request);
  body = runnel_request_get_body (request);

  if (strcmp (method, body != NULL ? "POST" : "GET") != 0)
    add_option (parts, "-X", method);

  g_ptr_array_add (parts, runnel_shell_quote (runnel_request_get_url (request)));

  for (guint i = 0; i < runnel_request_get_n_headers (request); i++)
    {
      const char *name = runnel_request_get_header_name (request, i);
      const char *value = runnel_request_get_header_value (request, i);
      g_autofree char *line = NULL;

      if (!runnel_request_get_header_enabled (request, i))
        continue;

      has_content_type |= g_ascii_strcasecmp (name, "Content-Type") == 0;
      line = value[0] ? g_strdup_printf ("%s: %s", name, value) : g_strdup_printf ("%s;", name);
      add_option (parts, "-H", line);
    }

  last_event_id = runnel_request_get_last_event_id (request);
  if (last_event_id[0] != '\0' && runnel_request_find_header (request, "Last-Event-ID") == NULL)
    {
      g_autofree char *line = g_strdup_printf ("Last-Event-ID: %s", last_event_id);

      add_option (parts, "-H", line);
    }

  if (body != NULL)
    {
      gsize size = 0;
      const guint8 *data = g_bytes_get_data (body, &size);

      /* curl would send a form Content-Type that Runnel does not send */
      if (!has_content_type)
        add_option (parts, "-H", "Content-Type:");

      if (size > 0 && memchr (data, '\0', size) != NULL)
        {
          g_autofree char *printf_arg = printf_format (data, size);
          g_autofree char *quoted = g_shell_quote (printf_arg);

          pipe_in = g_strdup_printf ("printf -- %s | ", quoted);
          add_option (parts, "--data-binary", "@-");
        }
      else
        {
          g_autofree char *text = size > 0 ? g_strndup ((const char *) data, size) : g_strdup ("");

          add_option (parts, "--data-raw", text);
        }
    }

  if (runnel_request_get_accept_invalid_certificates (request))
    add_option (parts, "-k", NULL);
  if (runnel_request_get_ca_file (request) != NULL)
    add_option (parts, "--cacert", runnel_request_get_ca_file (request));
  if (runnel_request_get_timeout (request) > 0)
    {
      guint ms = runnel_request_get_timeout (request);
      g_autofree char *seconds = ms % 1000 ? g_strdup_printf ("%u.%03u", ms / 1000, ms % 1000)
                                           : g_strdup_printf ("%u", ms / 1000);

      add_option (parts, "-m", seconds);
    }
  add_option (parts, "-N", NULL);

  out = g_string_new (pipe_in);
  g_string_append (out, "curl");
  for (guint i = 0; i < parts->len; i++)
    {
      g_string_append (out, (format & RUNNEL_CURL_FORMAT_MULTI_LINE) ? " \\\n  " : " ");
      g_string_append (out, g_ptr_array_index (parts, i));
    }

  return g_string_free (out, FALSE);
}

/* "1.5" for 1500 ms, "2" for 2000 */
static char *
ms_to_seconds (guint ms)
{
  return ms % 1000 ? g_strdup_printf ("%u.%03u", ms / 1000, ms % 1000)
                   : g_strdup_printf ("%u", ms / 1000);
}

char *
runnel_curl_print_command_from_request (RunnelRequest    *request,
                                        RunnelCurlFormat  format)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *pipe_in = NULL;
  const char * const *types;
  const char * const *expectations;
  const char *method;
  GBytes *body;
  gboolean method_default_reconnect;
  GString *out;

  g_return_val_if_fail (RUNNEL_IS_REQUEST (request), NULL);

  method = runnel_request_get_method (request);
  body = runnel_request_get_body (request);

  if (strcmp (method, body != NULL ? "POST" : "GET") != 0)
    add_option (parts, "-X", method);

  for (guint i = 0; i < runnel_request_get_n_headers (request); i++)
    {
      g_autofree char *line = NULL;

      if (!runnel_request_get_header_enabled (request, i))
        continue;
      line = g_strdup_printf ("%s: %s", runnel_request_get_header_name (request, i),
                              runnel_request_get_header_value (request, i));
      add_option (parts, "-H", line);
    }

  if (body != NULL)
    {
      gsize size = 0;
      const guint8 *data = g_bytes_get_data (body, &size);

      /* a NUL cannot go in an argument: those bytes come on stdin, as they are */
      if (size > 0 && memchr (data, '\0', size) != NULL)
        {
          g_autofree char *printf_arg = printf_format (data, size);
          g_autofree char *quoted = g_shell_quote (printf_arg);

          pipe_in = g_strdup_printf ("printf -- %s | ", quoted);
          add_option (parts, "--data-binary", "@/dev/stdin");
        }
      else
        {
          g_autofree char *text = size > 0 ? g_strndup ((const char *) data, size) : g_strdup ("");

          add_option (parts, "--data-raw", text);
        }
    }

  if (runnel_request_get_accept_invalid_certificates (request))
    add_option (parts, "-k", NULL);
  if (runnel_request_get_ca_file (request) != NULL)
    add_option (parts, "--cacert", runnel_request_get_ca_file (request));
  if (runnel_request_get_allow_insecure_redirect (request))
    add_option (parts, "--allow-insecure-redirect", NULL);
  if (runnel_request_get_timeout (request) > 0)
    {
      g_autofree char *seconds = ms_to_seconds (runnel_request_get_timeout (request));

      add_option (parts, "-m", seconds);
    }
  if (runnel_request_get_last_event_id (request)[0] != '\0')
    add_option (parts, "--last-event-id", runnel_request_get_last_event_id (request));

  /* the options the window sets that differ from what --print does by itself */
  if (!runnel_request_get_reconnect (request))
    add_option (parts, "--no-reconnect", NULL);
  method_default_reconnect = strcmp (method, "GET") == 0;
  if (runnel_request_get_reconnect_on_end (request) != method_default_reconnect)
    add_option (parts, runnel_request_get_reconnect_on_end (request) ? "--reconnect-on-end"
                                                                     : "--no-reconnect-on-end",
                NULL);
  if (runnel_request_get_retry_delay (request) != DEFAULT_RETRY_DELAY)
    {
      g_autofree char *ms = g_strdup_printf ("%u", runnel_request_get_retry_delay (request));

      add_option (parts, "--retry-delay", ms);
    }
  if (runnel_request_get_max_retries (request) >= 0)
    {
      g_autofree char *n = g_strdup_printf ("%d", runnel_request_get_max_retries (request));

      add_option (parts, "--max-retries", n);
    }
  if (runnel_request_get_read_timeout (request) > 0)
    {
      g_autofree char *seconds = ms_to_seconds (runnel_request_get_read_timeout (request));

      add_option (parts, "--read-timeout", seconds);
    }
  types = runnel_request_get_fatal_event_types (request);
  for (guint i = 0; types != NULL && types[i] != NULL; i++)
    add_option (parts, "--fatal-event", types[i]);
  if (runnel_request_get_max_event_size (request) != DEFAULT_MAX_EVENT_SIZE)
    {
      g_autofree char *bytes = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                                runnel_request_get_max_event_size (request));

      add_option (parts, "--max-event-size", bytes);
    }

  expectations = runnel_request_get_expectations (request);
  for (guint i = 0; expectations != NULL && expectations[i] != NULL; i++)
    add_option (parts, "--expect", expectations[i]);

  /* last, as in the README's examples; "--" would be clearer, but a URL never starts with - */
  g_ptr_array_add (parts, runnel_shell_quote (runnel_request_get_url (request)));

  out = g_string_new (pipe_in);
  g_string_append (out, "runnel --print");
  for (guint i = 0; i < parts->len; i++)
    {
      g_string_append (out, (format & RUNNEL_CURL_FORMAT_MULTI_LINE) ? " \\\n  " : " ");
      g_string_append (out, g_ptr_array_index (parts, i));
    }

  return g_string_free (out, FALSE);
}
