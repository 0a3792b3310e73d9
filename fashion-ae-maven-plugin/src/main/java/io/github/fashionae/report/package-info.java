/**
 * Maven side: the self-contained HTML report and the compare view, read from a build's files only ({@code Reports}
 * orchestrates). Imports the packages below it, up to {@code experiments}.
 */
package io.github.fashionae.report;
