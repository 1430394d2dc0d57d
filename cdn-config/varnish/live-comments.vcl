vcl 4.1;

# The CDN in front of live-comments (self-hosted deployments, local runs and the cdn-config tests).
#
#   /v1/videos/{id}/snapshots/...  -> poller: cached by the poller's headers, one fetch per URL at a
#                                     time (request coalescing), grace for .../latest
#   /v1/videos/{id}/stream         -> relays: piped (byte by byte, never cached or gzipped), idle
#                                     limit pipe_timeout (60 s) well above the 15 s heartbeat; the
#                                     shard director sends every viewer of one video to the same
#                                     relay (one upstream per video)
#   /v1/videos/{id}/comments, /dev/token -> origin: passed (POST and history are never cached)
#   anything else (the viewer page)      -> relays
#
# Backends live in backends.vcl (included below), so a deployment or a test writes its own: it
# defines `backend origin`, `backend poller`, the relays, and a vcl_init that builds the shard
# director `relays` over them (see backends.example.vcl). Run with -p vcl_path=<folder of both>.

import directors;
import std;

include "backends.vcl";

sub vcl_recv {
    if (req.url ~ "^/v1/videos/[A-Za-z0-9_-]{1,64}/snapshots/") {
        if (req.method != "GET" && req.method != "HEAD") {
            return (synth(405, "Method Not Allowed"));
        }
        # Snapshots are public: no credential or cookie may split or bypass the cache.
        unset req.http.Authorization;
        unset req.http.Cookie;
        # Query strings would split one second into many cache objects; the poller ignores them.
        set req.url = regsub(req.url, "\?.*$", "");
        set req.backend_hint = poller;
        return (hash);
    }
    if (req.url ~ "^/v1/videos/[A-Za-z0-9_-]{1,64}/stream(\?|$)") {
        set req.http.X-Video-Id = regsub(req.url, "^/v1/videos/([A-Za-z0-9_-]{1,64})/stream.*$", "\1");
        set req.backend_hint = relays.backend(by=KEY, key=relays.key(req.http.X-Video-Id));
        # Piped: Varnish copies bytes both ways as they come, with no HTTP parsing and no cache.
        # Not passed: a passed response must be sent whole within send_timeout (600 s by default,
        # a global parameter), which would cut every stream after ten minutes. (Passing also hands
        # a chunk on only once its trailing CRLF has arrived; our hops write each frame as one
        # whole chunk, but Jetty's own chunking sends that CRLF with the next write.)
        # A piped connection is closed after pipe_timeout (60 s by default) without a byte in
        # either direction: four times the 15 s heartbeat.
        return (pipe);
    }
    if (req.url ~ "^/v1/videos/[A-Za-z0-9_-]{1,64}/comments(\?|$)" || req.url ~ "^/dev/token$") {
        set req.backend_hint = origin;
        return (pass);
    }
    if (req.url ~ "^/v1/") {
        # Bad video ids and unknown API paths: the origin answers them with problem+json.
        set req.backend_hint = origin;
        return (pass);
    }
    set req.backend_hint = relays.backend(by=URL);
    return (pass);
}

sub vcl_backend_response {
    set beresp.http.X-Served-By = beresp.backend.name;
    if (bereq.url ~ "/snapshots/") {
        if (beresp.status >= 500) {
            # A late or overloaded second: never cached, and no hit-for-miss object that would
            # stop coalescing the retries of this URL.
            set beresp.ttl = 0s;
            set beresp.grace = 0s;
            return (deliver);
        }
        if (bereq.url ~ "/snapshots/latest$") {
            # Serve the previous latest while one background fetch refreshes it: the poller sees
            # at most about one request per second per video per cache node.
            set beresp.grace = 2s;
        } else {
            set beresp.grace = 0s;
        }
        # TTL comes from the poller's Cache-Control (max-age=60 immutable, or max-age=1).
        return (deliver);
    }
}

sub vcl_pipe {
    # One stream per piped connection: the relay closes it when the stream ends.
    set bereq.http.Connection = "close";
    unset bereq.http.X-Video-Id;
}
