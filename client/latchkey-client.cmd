@echo off
rem Latchkey client launcher for Windows. Without arguments it opens the window (javaw: no console
rem stays open); with arguments it runs the command line in this console.
setlocal
set "HERE=%~dp0"
set "JAR=%HERE%latchkey-client.jar"
if not exist "%JAR%" set "JAR=%HERE%target\latchkey-client.jar"
if not exist "%JAR%" (
  echo latchkey-client.jar not found next to %~nx0 >&2
  exit /b 3
)
set "JAVA=java"
set "JAVAW=javaw"
if defined JAVA_HOME (
  set "JAVA=%JAVA_HOME%\bin\java.exe"
  set "JAVAW=%JAVA_HOME%\bin\javaw.exe"
)
if "%~1"=="" (
  start "" "%JAVAW%" -jar "%JAR%"
  exit /b 0
)
"%JAVA%" -jar "%JAR%" %*
exit /b %ERRORLEVEL%
