import { randomBytes } from 'node:crypto';
import { buildTestImage } from './build-image.js';

/** A small app image with one of everything the checks look at (built, not pulled: `FROM debian:bookworm-slim`). */
export const APP_DOCKERFILE = `FROM debian:bookworm-slim
COPY app.conf /etc/app/app.conf
COPY run.sh /usr/local/bin/run.sh
RUN chmod 0640 /etc/app/app.conf && chown 1000:1000 /etc/app/app.conf \\
 && ln -s /etc/app/app.conf /etc/app/current.conf \\
 && mkdir -p /srv/data && echo "Released under the GNU AGPL v3" > /srv/LICENSE
ENV APP_ENV=production APP_HOME=/srv
LABEL org.opencontainers.image.version="1.4.2" com.example.vendor="ACME Incorporated"
EXPOSE 8080 9090/udp
VOLUME /srv/data
WORKDIR /srv
ENTRYPOINT ["/usr/local/bin/run.sh"]
CMD ["serve"]
`;

export const APP_CONF = 'listen = 8080\nmode = production\n';

/** Build it under a tag of its own; resolves with the tag and a remover for afterAll. */
export async function buildAppImage(): Promise<{ tag: string; remove: () => Promise<void> }> {
  const tag = `seaworthy-structure-test/app:${randomBytes(4).toString('hex')}`;
  const remove = await buildTestImage(tag, {
    Dockerfile: APP_DOCKERFILE,
    'app.conf': APP_CONF,
    // An entrypoint that would spoil every command test if it ran.
    'run.sh': { content: '#!/bin/sh\necho "the entrypoint ran" >&2\nexit 7\n', mode: 0o755 },
  });
  return { tag, remove };
}
