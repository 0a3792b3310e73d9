/**
 * The content-addressed stage cache under {@code ~/.m2/fashion-ae/stages/}: verified entries by fingerprint
 * ({@code StageCache}), per-entry locks across threads and processes ({@code CacheLock}), and the one cached-step
 * mechanism behind training and evaluation ({@link io.github.fashionae.store.CachedSteps}). Imports {@code util},
 * {@code stage}, {@code fork}.
 */
package io.github.fashionae.store;
