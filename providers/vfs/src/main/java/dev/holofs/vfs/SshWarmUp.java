package dev.holofs.vfs;

import com.jcraft.jsch.JSch;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The cryptography an ssh handshake needs, done once on throwaway keys: on a fresh JVM the first
 * handshake spends most of its time loading and initialising security providers and running the
 * key exchange and signature code interpreted. Done while the command line is still being read,
 * that time is no longer spent before the mount.
 */
final class SshWarmUp {

  private SshWarmUp() {}

  /** What jsch's handshake uses by default: X25519, Ed25519, AES-GCM, SHA-2, and jsch itself. */
  static void run() throws GeneralSecurityException {
    JSch.getConfig("kex"); // jsch's configuration, made in its class initialiser
    KeyPairGenerator xdh = KeyPairGenerator.getInstance("X25519");
    KeyPair ours = xdh.generateKeyPair();
    KeyAgreement agreement = KeyAgreement.getInstance("X25519");
    agreement.init(ours.getPrivate());
    agreement.doPhase(xdh.generateKeyPair().getPublic(), true);
    byte[] secret = agreement.generateSecret();
    MessageDigest.getInstance("SHA-256").digest(secret);
    MessageDigest.getInstance("SHA-512").digest(secret);
    KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Signature signer = Signature.getInstance("Ed25519");
    signer.initSign(ed.getPrivate());
    signer.update(secret);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("Ed25519");
    verifier.initVerify(ed.getPublic());
    verifier.update(secret);
    verifier.verify(signature);
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(new byte[16], "AES"),
        new GCMParameterSpec(128, new byte[12]));
    gcm.doFinal(secret);
  }
}
