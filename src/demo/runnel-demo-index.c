/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-demo-index.c: the index page at /: every endpoint, a live clock and commands to try */

#include "config.h"

#include "runnel-demo-private.h"

/* / */

void
runnel_demo_handle_index (RunnelDemoServer  *self,
                          SoupServerMessage *msg,
                          GHashTable        *query)
{
  const RunnelDemoEndpoint *endpoints = runnel_demo_server_get_endpoints (NULL);
  GUri *uri = soup_server_message_get_uri (msg);
  g_autoptr(GString) html = g_string_new (NULL);
  g_autofree char *base = NULL;
  g_autofree char *base_html = NULL;

  /* the address the client used, which is what works from where it is */
  base = g_uri_join (G_URI_FLAGS_NONE, g_uri_get_scheme (uri), NULL, g_uri_get_host (uri),
                     g_uri_get_port (uri), "", NULL, NULL);
  base_html = g_markup_escape_text (base, -1);

  g_string_append (html,
                   "<!DOCTYPE html>\n"
                   "<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<title>Runnel demo server</title>\n"
                   "<style>body{font-family:sans-serif;margin:2em;max-width:60em}"
                   "td,th{padding:.2em .8em;text-align:left;vertical-align:top}"
                   "code{white-space:nowrap}#clock{font-size:2em;font-family:monospace}</style>\n"
                   "</head>\n<body>\n<h1>Runnel demo server</h1>\n"
                   "<p>Live from <a href=\"/clock\"><code>/clock</code></a> through this browser's "
                   "own EventSource:</p>\n<p id=\"clock\">connecting&hellip;</p>\n"
                   "<h2>Endpoints</h2>\n<p>All answer <code>text/event-stream</code> unless said "
                   "otherwise. Try <code>curl -N URL</code> or <code>runnel --print URL</code>.</p>\n"
                   "<table>\n<tr><th>Method</th><th>Path</th><th>What it does</th></tr>\n");

  for (guint i = 0; endpoints[i].path != NULL; i++)
    {
      g_autofree char *path = g_markup_escape_text (endpoints[i].path, -1);
      g_autofree char *description = g_markup_escape_text (endpoints[i].description, -1);

      g_string_append_printf (html,
                              "<tr><td>%s</td><td><a href=\"%s\"><code>%s</code></a></td>"
                              "<td>%s</td></tr>\n",
                              endpoints[i].method, path, path, description);
    }

  g_string_append_printf (html,
                          "</table>\n<h2>Try it</h2>\n<pre>"
                          "curl -N %s/clock\n"
                          "curl -N -H 'Last-Event-ID: 41' '%s/counter?interval=200&amp;count=5'\n"
                          "curl -N %s/chat -H 'Content-Type: application/json' \\\n"
                          "  -d '{\"stream\": true, \"messages\": "
                          "[{\"role\": \"user\", \"content\": \"Hello\"}]}'\n"
                          "runnel --print '%s/events?types=update,alert&amp;count=4'\n"
                          "runnel '%s/firehose?rate=200'\n"
                          "runnel --print '%s/ndjson?interval=200&amp;count=3'\n"
                          "curl -i %s/mcp -H 'Accept: application/json, text/event-stream' \\\n"
                          "  -H 'Content-Type: application/json' -d '{\"jsonrpc\": \"2.0\", "
                          "\"id\": 1, \"method\": \"initialize\", \"params\": {}}'\n"
                          "</pre>\n",
                          base_html, base_html, base_html, base_html, base_html, base_html,
                          base_html);
  g_string_append (html,
                   "<script>\n"
                   "const clock = document.getElementById('clock');\n"
                   "const source = new EventSource('/clock');\n"
                   "source.onmessage = (event) => { clock.textContent = event.data; };\n"
                   "source.onerror = () => { clock.textContent = 'reconnecting\\u2026'; };\n"
                   "</script>\n</body>\n</html>\n");

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_COPY,
                                    html->str, html->len);
}
