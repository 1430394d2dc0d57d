# Backends for a local run: origin on 8080, poller on 8082, relays on 8081 and 8083.
# Copy to backends.vcl (or generate it) next to live-comments.vcl.

backend origin { .host = "127.0.0.1"; .port = "8080"; }

backend poller {
    .host = "127.0.0.1"; .port = "8082";
    # Longer than the poller's longest hold of an open second (about 4 s, for now+2).
    .first_byte_timeout = 5s;
}

backend relay1 {
    .host = "127.0.0.1"; .port = "8081";
    .connect_timeout = 1s;
    .first_byte_timeout = 10s;
    # Above the 15 s heartbeat, so a quiet stream is never cut.
    .between_bytes_timeout = 60s;
    .probe = { .url = "/readyz"; .interval = 1s; .timeout = 500ms; .window = 3; .threshold = 2; }
}

backend relay2 {
    .host = "127.0.0.1"; .port = "8083";
    .connect_timeout = 1s;
    .first_byte_timeout = 10s;
    .between_bytes_timeout = 60s;
    .probe = { .url = "/readyz"; .interval = 1s; .timeout = 500ms; .window = 3; .threshold = 2; }
}

sub vcl_init {
    new relays = directors.shard();
    relays.add_backend(relay1);
    relays.add_backend(relay2);
    relays.reconfigure();
}
