/**
 * The ProjFS sample "Asynchronous Callback Handling" ported to holofs: see
 * {@link dev.holofs.examples.asyncenum.AsyncEnumerationProvider}.
 */
package dev.holofs.examples.asyncenum;
