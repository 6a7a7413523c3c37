; SiteDesk 工区服务台 — the setup program for Windows site PCs.
;
; Per user, no administrator: the program goes to %LOCALAPPDATA%\Programs\SiteDesk, shortcuts
; to the user's start menu and desktop, the uninstall entry to HKCU. The data is elsewhere —
; %LOCALAPPDATA%\SiteDesk\SiteDesk (platformdirs, local not roaming) — and neither an upgrade
; nor the uninstaller touches it: an upgrade replaces the program, and the app itself backs
; up and migrates the database at its next start.
;
; Built by installer/build.py, which passes the defines below (UTF-8 source: -INPUTCHARSET UTF8).

Unicode true

!ifndef VERSION | VERSION4 | DIST_DIR | ICON | OUT_FILE
  !error "Build with installer/build.py: VERSION, VERSION4, DIST_DIR, ICON and OUT_FILE are needed"
!endif

!define PRODUCT "SiteDesk 工区服务台"
!define SHORTCUT "SiteDesk 工区服务台.lnk"  ; one name in either language, so uninstall finds it
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\SiteDesk"
; (not HKCU\Software\SiteDesk: the app keeps its own settings there, and they stay)

Name "${PRODUCT}"
OutFile "${OUT_FILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\SiteDesk"
InstallDirRegKey HKCU "${UNINST_KEY}" "InstallLocation"
!ifdef NO_COMPRESSION  ; the tests: the same script and files, minutes quicker
  SetCompress off
!else
  SetCompressor /SOLID lzma
!endif
ManifestDPIAware true
BrandingText "${PRODUCT} ${VERSION}"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
; the language chosen once is remembered for upgrades and the uninstaller
!define MUI_LANGDLL_REGISTRY_ROOT HKCU
!define MUI_LANGDLL_REGISTRY_KEY "${UNINST_KEY}"
!define MUI_LANGDLL_REGISTRY_VALUENAME "InstallerLanguage"

!define MUI_WELCOMEPAGE_TEXT "$(WelcomeText)"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\sitedeskw.exe"
!define MUI_FINISHPAGE_RUN_TEXT "$(RunText)"
!insertmacro MUI_PAGE_FINISH

!define MUI_UNCONFIRMPAGE_TEXT_TOP "$(KeepDataText)"
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"  ; the first is the default
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_RESERVEFILE_LANGDLL

LangString WelcomeText ${LANG_SIMPCHINESE} "将为当前用户安装 ${PRODUCT} ${VERSION}，不需要管理员权限。$\r$\n$\r$\n升级时请先关闭正在运行的 SiteDesk。原有数据会保留，程序下次启动时先备份数据库，再升级数据库。$\r$\n$\r$\n点击“下一步”继续。"
LangString WelcomeText ${LANG_ENGLISH} "This installs ${PRODUCT} ${VERSION} for the current user; no administrator rights are needed.$\r$\n$\r$\nWhen upgrading, close SiteDesk first. Your data is kept: at its next start the program backs up the database, then upgrades it.$\r$\n$\r$\nClick Next to continue."
LangString RunText ${LANG_SIMPCHINESE} "启动 SiteDesk 工区服务台"
LangString RunText ${LANG_ENGLISH} "Start SiteDesk"
LangString KeepDataText ${LANG_SIMPCHINESE} "将从电脑中卸载 SiteDesk 程序。数据（$LOCALAPPDATA\SiteDesk\SiteDesk）不会删除，重新安装后仍可使用。"
LangString KeepDataText ${LANG_ENGLISH} "SiteDesk will be removed from this PC. Its data ($LOCALAPPDATA\SiteDesk\SiteDesk) is not deleted and is there again after a new install."
LangString DataFolderText ${LANG_SIMPCHINESE} "请不要把程序安装到数据目录 $LOCALAPPDATA\SiteDesk 中，请选择其他文件夹。"
LangString DataFolderText ${LANG_ENGLISH} "Please do not install the program into the data folder $LOCALAPPDATA\SiteDesk: choose another folder."

VIProductVersion "${VERSION4}"
VIFileVersion "${VERSION4}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileDescription" "${PRODUCT} 安装程序"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "CompanyName" "SiteDesk"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "LegalCopyright" "SiteDesk"

Function .onInit
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

Function un.onInit
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

; the data folder is never the program folder: an upgrade empties the program folder
Function .onVerifyInstDir
  ${If} "$INSTDIR" == "$LOCALAPPDATA\SiteDesk"
  ${OrIf} "$INSTDIR" == "$LOCALAPPDATA\SiteDesk\SiteDesk"
    Abort
  ${EndIf}
FunctionEnd

Section "SiteDesk" SecProgram
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  ; an upgrade replaces the program whole: a file the new version dropped must not linger
  ; (a stale migration would be read as a schema revision)
  RMDir /r "$INSTDIR\_internal"
  File /r "${DIST_DIR}/*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${SHORTCUT}" "$INSTDIR\sitedeskw.exe" "" "$INSTDIR\sitedeskw.exe" 0
  CreateShortcut "$DESKTOP\${SHORTCUT}" "$INSTDIR\sitedeskw.exe" "" "$INSTDIR\sitedeskw.exe" 0

  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "SiteDesk"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\sitedeskw.exe"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" $0
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
SectionEnd

; Removes what the setup program put there and nothing else: not the data folder, not the
; app's settings, not a file someone else left in the program folder.
Section "Uninstall"
  SetShellVarContext current
  Delete "$SMPROGRAMS\${SHORTCUT}"
  Delete "$DESKTOP\${SHORTCUT}"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\sitedesk.exe"
  Delete "$INSTDIR\sitedeskw.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"  ; only if nothing else is left in it
  DeleteRegKey HKCU "${UNINST_KEY}"
SectionEnd
