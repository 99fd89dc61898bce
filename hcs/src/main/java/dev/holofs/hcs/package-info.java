/**
 * Compute systems (VMs) with projected roots shared in, with the operation model of the Windows
 * Host Compute Service: {@link dev.holofs.hcs.ComputeSystem}, one-shot {@link
 * dev.holofs.hcs.Operation}s completed by waiting, by an operation callback or by the system's
 * event callback, and {@link dev.holofs.hcs.HcsException} with HCS's ResultError document. The
 * engine (QEMU over QMP on Linux, computecore.dll on Windows) is internal.
 */
package dev.holofs.hcs;
