/**
 * The remote stage cache over plain HTTP ({@link io.github.fashionae.remote.HttpRemoteCache}): GET, HEAD and PUT of
 * an entry's files under {@code <url>/v1/stages/<fingerprint>/}, {@code SHA256SUMS} last, so that any server that
 * stores PUT bodies serves (nginx or Apache with WebDAV, a repository manager's raw repository). Runs in Maven's
 * JVM. Imports {@code util}, {@code store} (the interface it implements), {@code fetch} (HTTP with proxies and
 * timeouts).
 */
package io.github.fashionae.remote;
