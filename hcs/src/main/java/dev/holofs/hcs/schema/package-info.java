/**
 * The HCS schema 2.x subset a VM needs, as Jackson records, and {@link
 * dev.holofs.hcs.schema.Documents}, which reads them strictly: a malformed or unsupported setting
 * is refused by its field's name.
 */
package dev.holofs.hcs.schema;
