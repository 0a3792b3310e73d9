/**
 * Fashion-MNIST as data: its description ({@code FashionMnist}, {@code IdxFileSpec}), the IDX reader with its
 * checks, payload verification, and the manifest fetch-dataset hands to later goals. Imports only {@code util}.
 */
package io.github.fashionae.dataset;
