package dev.holofs.projfs;

/**
 * ProjFS's enum and HRESULT values, as {@code projectedfslib.h} and {@code winerror.h} define them.
 * Each name is the C name; {@code HRESULT_FROM_WIN32(ERROR_X)} is spelled {@code HR_ERROR_X}. The
 * layout test checks every value against the recorded Windows headers.
 */
final class Prj {

  private Prj() {}

  // PRJ_NOTIFY_TYPES
  static final int PRJ_NOTIFY_NONE = 0x0;
  static final int PRJ_NOTIFY_SUPPRESS_NOTIFICATIONS = 0x1;
  static final int PRJ_NOTIFY_FILE_OPENED = 0x2;
  static final int PRJ_NOTIFY_NEW_FILE_CREATED = 0x4;
  static final int PRJ_NOTIFY_FILE_OVERWRITTEN = 0x8;
  static final int PRJ_NOTIFY_PRE_DELETE = 0x10;
  static final int PRJ_NOTIFY_PRE_RENAME = 0x20;
  static final int PRJ_NOTIFY_PRE_SET_HARDLINK = 0x40;
  static final int PRJ_NOTIFY_FILE_RENAMED = 0x80;
  static final int PRJ_NOTIFY_HARDLINK_CREATED = 0x100;
  static final int PRJ_NOTIFY_FILE_HANDLE_CLOSED_NO_MODIFICATION = 0x200;
  static final int PRJ_NOTIFY_FILE_HANDLE_CLOSED_FILE_MODIFIED = 0x400;
  static final int PRJ_NOTIFY_FILE_HANDLE_CLOSED_FILE_DELETED = 0x800;
  static final int PRJ_NOTIFY_FILE_PRE_CONVERT_TO_FULL = 0x1000;
  static final int PRJ_NOTIFY_USE_EXISTING_MASK = 0xffffffff;

  // PRJ_NOTIFICATION
  static final int PRJ_NOTIFICATION_FILE_OPENED = 0x2;
  static final int PRJ_NOTIFICATION_NEW_FILE_CREATED = 0x4;
  static final int PRJ_NOTIFICATION_FILE_OVERWRITTEN = 0x8;
  static final int PRJ_NOTIFICATION_PRE_DELETE = 0x10;
  static final int PRJ_NOTIFICATION_PRE_RENAME = 0x20;
  static final int PRJ_NOTIFICATION_PRE_SET_HARDLINK = 0x40;
  static final int PRJ_NOTIFICATION_FILE_RENAMED = 0x80;
  static final int PRJ_NOTIFICATION_HARDLINK_CREATED = 0x100;
  static final int PRJ_NOTIFICATION_FILE_HANDLE_CLOSED_NO_MODIFICATION = 0x200;
  static final int PRJ_NOTIFICATION_FILE_HANDLE_CLOSED_FILE_MODIFIED = 0x400;
  static final int PRJ_NOTIFICATION_FILE_HANDLE_CLOSED_FILE_DELETED = 0x800;
  static final int PRJ_NOTIFICATION_FILE_PRE_CONVERT_TO_FULL = 0x1000;

  // PRJ_EXT_INFO_TYPE
  static final int PRJ_EXT_INFO_TYPE_SYMLINK = 1;

  // PRJ_STARTVIRTUALIZING_FLAGS
  static final int PRJ_FLAG_NONE = 0;
  static final int PRJ_FLAG_USE_NEGATIVE_PATH_CACHE = 1;

  // PRJ_PLACEHOLDER_ID
  static final int PRJ_PLACEHOLDER_ID_LENGTH = 128;

  // PRJ_UPDATE_TYPES
  static final int PRJ_UPDATE_NONE = 0x0;
  static final int PRJ_UPDATE_ALLOW_DIRTY_METADATA = 0x1;
  static final int PRJ_UPDATE_ALLOW_DIRTY_DATA = 0x2;
  static final int PRJ_UPDATE_ALLOW_TOMBSTONE = 0x4;
  static final int PRJ_UPDATE_RESERVED1 = 0x8;
  static final int PRJ_UPDATE_RESERVED2 = 0x10;
  static final int PRJ_UPDATE_ALLOW_READ_ONLY = 0x20;
  static final int PRJ_UPDATE_MAX_VAL = 0x40;

  // PRJ_UPDATE_FAILURE_CAUSES
  static final int PRJ_UPDATE_FAILURE_CAUSE_NONE = 0x0;
  static final int PRJ_UPDATE_FAILURE_CAUSE_DIRTY_METADATA = 0x1;
  static final int PRJ_UPDATE_FAILURE_CAUSE_DIRTY_DATA = 0x2;
  static final int PRJ_UPDATE_FAILURE_CAUSE_TOMBSTONE = 0x4;
  static final int PRJ_UPDATE_FAILURE_CAUSE_READ_ONLY = 0x8;

  // PRJ_FILE_STATE
  static final int PRJ_FILE_STATE_PLACEHOLDER = 0x1;
  static final int PRJ_FILE_STATE_HYDRATED_PLACEHOLDER = 0x2;
  static final int PRJ_FILE_STATE_DIRTY_PLACEHOLDER = 0x4;
  static final int PRJ_FILE_STATE_FULL = 0x8;
  static final int PRJ_FILE_STATE_TOMBSTONE = 0x10;

  // PRJ_CALLBACK_DATA_FLAGS
  static final int PRJ_CB_DATA_FLAG_ENUM_RESTART_SCAN = 0x1;
  static final int PRJ_CB_DATA_FLAG_ENUM_RETURN_SINGLE_ENTRY = 0x2;

  // PRJ_COMPLETE_COMMAND_TYPE
  static final int PRJ_COMPLETE_COMMAND_TYPE_NOTIFICATION = 1;
  static final int PRJ_COMPLETE_COMMAND_TYPE_ENUMERATION = 2;

  // HRESULT
  static final int S_OK = 0;
  static final int E_INVALIDARG = 0x80070057;
  static final int E_OUTOFMEMORY = 0x8007000e;
  static final int E_ACCESSDENIED = 0x80070005;
  static final int E_NOTIMPL = 0x80004001;
  static final int HR_ERROR_IO_PENDING = 0x800703e5;
  static final int HR_ERROR_FILE_NOT_FOUND = 0x80070002;
  static final int HR_ERROR_PATH_NOT_FOUND = 0x80070003;
  static final int HR_ERROR_INSUFFICIENT_BUFFER = 0x8007007a;
  static final int HR_ERROR_INVALID_PARAMETER = 0x80070057;
  static final int HR_ERROR_FILE_EXISTS = 0x80070050;
  static final int HR_ERROR_ALREADY_EXISTS = 0x800700b7;
  static final int HR_ERROR_NOT_A_REPARSE_POINT = 0x80071126;

  /** Not in the recorded list: winerror.h's ERROR_REPARSE_POINT_ENCOUNTERED (4395). */
  static final int HR_ERROR_REPARSE_POINT_ENCOUNTERED = 0x8007112b;
  /** Not in the recorded list: winerror.h's ERROR_OPERATION_ABORTED (995). */
  static final int HR_ERROR_OPERATION_ABORTED = 0x800703e3;

  // File attributes (winnt.h) written into PRJ_FILE_BASIC_INFO.
  static final int FILE_ATTRIBUTE_READONLY = 0x1;
  static final int FILE_ATTRIBUTE_DIRECTORY = 0x10;
  static final int FILE_ATTRIBUTE_NORMAL = 0x80;

  /** Whether {@code hr} is a failure (negative HRESULT). */
  static boolean failed(int hr) {
    return hr < 0;
  }

  /** {@code hr} in the form Windows prints it: {@code 0x8007007A}. */
  static String hex(int hr) {
    return String.format("0x%08X", hr);
  }
}
