'use strict';
/**
 * What the launcher (bin/launcher.cjs) says on stderr, in the command line's language: Vietnamese by default,
 * English with `--lang en` among the command's arguments or DTI_LANG=en (as src/cli/output/cli-help.ts reads it;
 * the launcher runs before anything is built, so it cannot share that TypeScript). Plain CommonJS, no dependency.
 */

const WORDS = {
  vi: {
    reason: {
      noBuild: 'chưa biên dịch lần nào',
      added: (files) => `thêm ${files}`,
      deleted: (file) => `xoá ${file}`,
      changed: (file) => `sửa ${file}`,
      missing: (file) => `thiếu dist/${file}`,
    },
    building: (reason) => `đang biên dịch dist/ (${reason})…`,
    compilingAll: (file) => `thiếu dist/${file} và các tệp khác: biên dịch lại toàn bộ`,
    removed: (count, files) => `đã xoá ${count} tệp của dist/ không còn mã nguồn: ${files}`,
    built: (seconds) => `đã biên dịch xong sau ${seconds} giây`,
    waitingForLock: (pid, command) => `đang chờ pid ${pid} (${command}), tiến trình đang kiểm tra hoặc biên dịch dist/…`,
    waitingToRebuild: (list) => `mã nguồn đã đổi; chờ các lệnh đang chạy từ dist/ kết thúc rồi mới biên dịch lại: ${list}`,
    cannotReadConfig: (file, why) => `không đọc được ${file} dạng JSON (launcher đọc include và exclude của nó): ${why}`,
    unknownOutput: (file) => `lần biên dịch đã đọc ${file}, tệp mà launcher không biết đầu ra: hãy dạy bin/launcher.cjs (outputsOf)`,
    buildFailed: (status) => `biên dịch thất bại (tsc thoát ${status}); không lệnh nào được chạy`,
    notWritten: (file) => `lần biên dịch không ghi dist/${file}`,
    usage: 'cách dùng: node bin/launcher.cjs --build | <tệp> [tham số...]',
    upToDate: 'dist/ đã mới nhất',
  },
  en: {
    reason: {
      noBuild: 'no build yet',
      added: (files) => `added ${files}`,
      deleted: (file) => `deleted ${file}`,
      changed: (file) => `changed ${file}`,
      missing: (file) => `dist/${file} is missing`,
    },
    building: (reason) => `building dist/ (${reason})…`,
    compilingAll: (file) => `dist/${file} and others are missing: compiling everything`,
    removed: (count, files) => `removed ${count} file(s) of dist/ whose source is gone: ${files}`,
    built: (seconds) => `built in ${seconds} s`,
    waitingForLock: (pid, command) => `waiting for pid ${pid} (${command}), which is checking or building dist/…`,
    waitingToRebuild: (list) => `sources changed; waiting to rebuild dist/ until the commands running from it end: ${list}`,
    cannotReadConfig: (file, why) => `cannot read ${file} as JSON (the launcher reads its include and exclude): ${why}`,
    unknownOutput: (file) => `the build read ${file}, whose output the launcher does not know: teach bin/launcher.cjs (outputsOf)`,
    buildFailed: (status) => `the build failed (tsc exit ${status}); nothing was started`,
    notWritten: (file) => `the build did not write dist/${file}`,
    usage: 'usage: node bin/launcher.cjs --build | <file> [args...]',
    upToDate: 'dist/ is up to date',
  },
};

const LOCALES = { vi: 'vi-VN', en: 'en-GB' };

/** vi or en: `--lang en` or `--lang=en` among the arguments, else DTI_LANG, else vi; anything else is vi. */
function launcherLang(args, env) {
  const at = args.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const asked = at >= 0 ? (args[at].includes('=') ? args[at].split('=')[1] : args[at + 1]) : env.DTI_LANG;
  return asked === 'en' ? 'en' : 'vi';
}

/** The words of a language, and its way of writing a number (1,5 or 1.5). */
function launcherWords(lang) {
  const format = new Intl.NumberFormat(LOCALES[lang], { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return { ...WORDS[lang], seconds: (value) => format.format(value) };
}

module.exports = { launcherLang, launcherWords };
