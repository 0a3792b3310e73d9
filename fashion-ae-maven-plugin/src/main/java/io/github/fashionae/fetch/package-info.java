/**
 * Getting the verified dataset files into the user cache: sources in order (cache, local directories, mirrors),
 * HTTP with timeouts and proxies, a lock per file. Imports {@code util}, {@code dataset}, {@code store}.
 */
package io.github.fashionae.fetch;
