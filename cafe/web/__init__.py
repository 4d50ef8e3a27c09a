"""The web layer: pages, downloads and socket events. Thin: validate, call a service, tell clients."""
