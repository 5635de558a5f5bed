# smtp-dane-verify as a service, as the original ships it: port 3000, settings
# from APIKEY, NAMESERVER, METRICS_DOMAINS and METRICS_INTERVAL (and DNSSEC,
# TRUST_ANCHOR: it validates DNSSEC itself, so NAMESERVER need not validate),
# `serve` as the entrypoint. The image holds Node.js and the program: the one executable file
# dist/smtp-dane-verify (built by `npm run build` and committed; it needs no node_modules), and
# runs as the unprivileged `node` user of the official image. Extra flags go in CMD, e.g.
#   docker run -e APIKEY=... -p 3000:3000 smtp-dane-verify --cache-ttl 60
# Node 22 LTS by default (the bundle targets Node >= 20.19); override with
#   docker build --build-arg NODE_VERSION=24 .
ARG NODE_VERSION=22
FROM node:${NODE_VERSION}-alpine

LABEL org.opencontainers.image.title="smtp-dane-verify" \
      org.opencontainers.image.description="DANE (RFC 7672) checks for inbound SMTP: REST API, /metrics and /probe" \
      org.opencontainers.image.licenses="MIT"

# Owned by root and executable (the mode comes from git): the service cannot change it.
# .dockerignore sends dist/smtp-dane-verify only (not the standalone binary that may be beside it).
COPY dist/ /usr/local/lib/smtp-dane-verify/

USER node
WORKDIR /home/node
ENV NODE_ENV=production
EXPOSE 3000

# Exec form throughout: no shell, and node runs as PID 1 with its own SIGTERM
# handler (clean shutdown, exit 0).
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "/usr/local/lib/smtp-dane-verify/smtp-dane-verify", "serve"]
