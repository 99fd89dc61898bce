package dev.holofs.hcs.schema;

/** Boot through UEFI firmware ({@code Chipset.Uefi}); no settings of it are supported yet. */
public record Uefi() {}
