package dev.holofs.projfs;

import com.sun.jna.Structure.FieldOrder;

/** {@code PRJ_NOTIFICATION_PARAMETERS}: the union a notification callback receives. */
public final class PrjNotificationParameters extends AbiUnion {

  public PostCreate PostCreate = new PostCreate();
  public FileRenamed FileRenamed = new FileRenamed();
  public FileDeletedOnHandleClose FileDeletedOnHandleClose = new FileDeletedOnHandleClose();

  public PrjNotificationParameters() {}

  @Override
  String abiName() {
    return "PRJ_NOTIFICATION_PARAMETERS";
  }

  /** After a create: the notifications the new item should send. */
  @FieldOrder({"NotificationMask"})
  public static final class PostCreate extends AbiStructure {
    public int NotificationMask;

    @Override
    String abiName() {
      return "PRJ_NOTIFICATION_PARAMETERS.PostCreate";
    }
  }

  /** After a rename: the notifications the renamed item should send. */
  @FieldOrder({"NotificationMask"})
  public static final class FileRenamed extends AbiStructure {
    public int NotificationMask;

    @Override
    String abiName() {
      return "PRJ_NOTIFICATION_PARAMETERS.FileRenamed";
    }
  }

  /** After a delete on close: whether the file had been modified. */
  @FieldOrder({"IsFileModified"})
  public static final class FileDeletedOnHandleClose extends AbiStructure {
    /** BOOLEAN: one byte. */
    public byte IsFileModified;

    @Override
    String abiName() {
      return "PRJ_NOTIFICATION_PARAMETERS.FileDeletedOnHandleClose";
    }
  }
}
