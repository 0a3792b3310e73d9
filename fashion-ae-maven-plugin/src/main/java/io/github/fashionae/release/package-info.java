/**
 * Maven side: released models. {@code Release} is a released version's published stages as a repository holds them,
 * {@code ReleaseFinder} what finds one (the build tool implements it with its own resolver), and
 * {@code ReleaseRebuild} the verify-release goal's service: rebuild released stages from their model cards' inputs
 * and compare the bytes. Imports the packages below it, up to {@code training}.
 */
package io.github.fashionae.release;
