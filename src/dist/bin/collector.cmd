@echo off
rem Starts the results collector of this installation (the folder above bin\), from any working
rem directory. JAVA_HOME picks the Java (17 or later; default: java on the PATH), JAVA_OPTS adds JVM
rem options. Arguments go to the collector unchanged.
setlocal

rem The collector prints UTF-8: switch the console to UTF-8 so that Japanese text is readable, and put
rem the previous code page back at the end (chcp answers e.g. "Active code page: 932").
set "OLDCP="
for /f "tokens=2 delims=:" %%c in ('chcp') do set "OLDCP=%%c"
if defined OLDCP set "OLDCP=%OLDCP: =%"
if defined OLDCP set "OLDCP=%OLDCP:.=%"
chcp 65001 >nul 2>nul

set "APP=%~dp0.."
set "JAVA_EXE=java"
if defined JAVA_HOME set "JAVA_EXE=%JAVA_HOME%\bin\java.exe"

rem file.encoding: Java 17 on Japanese Windows would default to MS932; stdout/stderr: UTF-8 like the console
"%JAVA_EXE%" -Dfile.encoding=UTF-8 -Dsun.stdout.encoding=UTF-8 -Dsun.stderr.encoding=UTF-8 %JAVA_OPTS% -jar "%APP%\reform-results-collector.jar" %*
set "RC=%ERRORLEVEL%"

if defined OLDCP chcp %OLDCP% >nul 2>nul
endlocal & exit /b %RC%
