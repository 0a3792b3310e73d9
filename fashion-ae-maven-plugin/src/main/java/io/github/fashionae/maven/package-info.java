/**
 * The mojos: each reads its parameters, builds one request, calls one orchestrator and maps failures to
 * {@code MojoFailureException} (the model or data is bad) or {@code MojoExecutionException} (the build broke).
 * The only package that imports Maven; it may import every package but the engine side ({@code engine},
 * {@code model}).
 */
package io.github.fashionae.maven;
