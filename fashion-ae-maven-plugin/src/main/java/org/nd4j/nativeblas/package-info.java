/**
 * Engine side: the one-class shim that lets DL4J 1.0.0-M2.1 find its oneDNN helpers (the README says why).
 * Remove it when DL4J is upgraded past M2.1.
 */
package org.nd4j.nativeblas;
