/**
 * Maven side: experiments and sweeps ({@code ExperimentPlan}), their overrides on the baseline
 * ({@code Overrides}), and training them concurrently with progress ({@code ExperimentRunner}, orchestrated by
 * {@code Experiments}). Imports the packages below it, up to {@code evaluation}.
 */
package io.github.fashionae.experiments;
