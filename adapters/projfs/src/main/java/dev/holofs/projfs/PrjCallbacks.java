package dev.holofs.projfs;

import com.sun.jna.Callback;
import com.sun.jna.Pointer;
import com.sun.jna.Structure.FieldOrder;
import com.sun.jna.WString;

/**
 * {@code PRJ_CALLBACKS}: the provider's callbacks, as function pointers. JNA keeps a callback's
 * native stub only while the Java object is reachable, so the structure (and with it every
 * callback) is held by the instance for as long as it virtualizes.
 */
@FieldOrder({"StartDirectoryEnumerationCallback", "EndDirectoryEnumerationCallback",
    "GetDirectoryEnumerationCallback", "GetPlaceholderInfoCallback", "GetFileDataCallback",
    "QueryFileNameCallback", "NotificationCallback", "CancelCommandCallback"})
public final class PrjCallbacks extends AbiStructure {

  public StartDirectoryEnumeration StartDirectoryEnumerationCallback;
  public EndDirectoryEnumeration EndDirectoryEnumerationCallback;
  public GetDirectoryEnumeration GetDirectoryEnumerationCallback;
  public GetPlaceholderInfo GetPlaceholderInfoCallback;
  public GetFileData GetFileDataCallback;
  public QueryFileName QueryFileNameCallback;
  public Notification NotificationCallback;
  public CancelCommand CancelCommandCallback;

  @Override
  String abiName() {
    return "PRJ_CALLBACKS";
  }

  /** {@code PRJ_START_DIRECTORY_ENUMERATION_CB}. */
  interface StartDirectoryEnumeration extends Callback {
    int invoke(Pointer callbackData, Pointer enumerationId);
  }

  /** {@code PRJ_END_DIRECTORY_ENUMERATION_CB}. */
  interface EndDirectoryEnumeration extends Callback {
    int invoke(Pointer callbackData, Pointer enumerationId);
  }

  /** {@code PRJ_GET_DIRECTORY_ENUMERATION_CB}. */
  interface GetDirectoryEnumeration extends Callback {
    int invoke(Pointer callbackData, Pointer enumerationId, WString searchExpression,
        Pointer dirEntryBufferHandle);
  }

  /** {@code PRJ_GET_PLACEHOLDER_INFO_CB}. */
  interface GetPlaceholderInfo extends Callback {
    int invoke(Pointer callbackData);
  }

  /** {@code PRJ_GET_FILE_DATA_CB}: {@code UINT64 byteOffset, UINT32 length}. */
  interface GetFileData extends Callback {
    int invoke(Pointer callbackData, long byteOffset, int length);
  }

  /** {@code PRJ_QUERY_FILE_NAME_CB}. */
  interface QueryFileName extends Callback {
    int invoke(Pointer callbackData);
  }

  /** {@code PRJ_NOTIFICATION_CB}: {@code BOOLEAN isDirectory} is one byte. */
  interface Notification extends Callback {
    int invoke(Pointer callbackData, byte isDirectory, int notification,
        WString destinationFileName, Pointer operationParameters);
  }

  /** {@code PRJ_CANCEL_COMMAND_CB}. */
  interface CancelCommand extends Callback {
    void invoke(Pointer callbackData);
  }
}
