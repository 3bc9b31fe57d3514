/** The data file's format, after `score --help`: a file of its own so that --help loads none of the scoring code. */
export const SCORE_HELP = `
The data file (CSV in UTF-8, or the first worksheet of an .xlsx), one row per unit, row 1 the header. A CSV may
start with a BOM and be separated by , or ; (or tab): the header line says which, and the command says what it
detected on stderr ("ghi chú: data.csv: CSV UTF-8, phân tách ';', dấu thập phân ',', có BOM"; with --lang en
"note: data.csv: CSV UTF-8, separator ';', decimal mark ',', with BOM").
  code                 required: the unit's code, once per file
  name                 optional: the unit's name, copied to the output
  ranked               optional: true/false (1/0, có/không); false = scored but takes no rank; empty = true
  <leaf code>          one column per indicator (leaf) of the framework; an empty cell is a missing value,
                       scored by the framework's \`missing\` policy and named in the unit's Ghi chú
  <leaf code>.<input>  for a leaf whose input is \`numbers\` (e.g. NT.04.numerator, NT.04.denominator)
  <denominator>        e.g. Population, for leaves that name a \`denominator\`
  group columns        only when declared: --groups region,kind, --rank-within region, or named by the
                       framework (pipeline.impute.group, result.rankWithin)
Any other column is an error. A leaf without a column is missing for every unit (said on stderr).
Cells: a boolean is true/false, 1/0 or có/không; a choice is one of its option values; a number uses a dot
for decimals (1.5) in a ,-separated file, and may use a decimal comma in a ;-separated one (1,5; 1.234,5 with a
dot between thousands; "1.234" alone is refused as ambiguous); a percent is within 0..100; a manual leaf's cell
is its points (0..maxPoints).
In .xlsx a formula's saved result is used, never recomputed. Limits: 20 MB, 200,000 rows, 2,000 columns.

Every problem of the data is listed as "row R, column C: ..." (rows as in the file, the header is row 1) and
the command exits 1 without writing anything.

Output, one row per unit by rank then code (unranked units last): Hạng, [the --rank-within column, Hạng trong
nhóm], Mã, Tên, Chỉ số, then every group (non-leaf node) and every pillar of the framework, then Ghi chú.
Values are on the index's scale, rounded to the framework's precision. --out x.xlsx or x.csv (UTF-8 with a
BOM; text starting with = + - @ gets a leading ' so that spreadsheets do not run it); without --out, a table
on stdout, its numbers in the language of --lang (83,50 by default, 83.50 with --lang en). With --json, one
document on stdout: {"ok": true, "units": [{"rank", "code", "name", "index", "nodes", "pillars", "note"}], ...},
or {"ok": false, "problems": [{"row", "column", "message"}]}, exit code 1.

Example:
  npm run cli -- score --framework config/frameworks/pdti-2022.yaml --data provinces.xlsx --out result.xlsx
`;

/** The same in Vietnamese (the default language of the command line). */
export const SCORE_HELP_VI = `
Tệp dữ liệu (CSV UTF-8, hoặc trang tính đầu tiên của một tệp .xlsx), mỗi đơn vị một dòng, dòng 1 là tiêu đề. Tệp CSV
có thể bắt đầu bằng BOM và phân tách bằng , hoặc ; (hoặc tab): dòng tiêu đề cho biết là dấu nào, và lệnh báo điều
nó nhận ra trên stderr ("ghi chú: data.csv: CSV UTF-8, phân tách ';', dấu thập phân ',', có BOM").
  code                 bắt buộc: mã đơn vị, mỗi mã một lần trong tệp
  name                 tùy chọn: tên đơn vị, chép sang kết quả
  ranked               tùy chọn: true/false (1/0, có/không); false = tính điểm nhưng không xếp hạng; trống = true
  <mã chỉ tiêu lá>      mỗi chỉ tiêu (lá) của bộ chỉ số một cột; ô trống là giá trị thiếu, tính theo chính sách
                       \`missing\` của bộ chỉ số và ghi trong Ghi chú của đơn vị
  <mã lá>.<đầu vào>     cho chỉ tiêu có đầu vào \`numbers\` (ví dụ NT.04.numerator, NT.04.denominator)
  <mẫu số>             ví dụ Population, cho các chỉ tiêu nêu một \`denominator\`
  các cột nhóm         chỉ khi được khai báo: --groups region,kind, --rank-within region, hoặc do bộ chỉ số
                       nêu (pipeline.impute.group, result.rankWithin)
Mọi cột khác là lỗi. Một chỉ tiêu không có cột thì thiếu ở mọi đơn vị (báo trên stderr).
Ô: giá trị đúng/sai là true/false, 1/0 hoặc có/không; lựa chọn là một trong các giá trị của nó; số dùng dấu chấm
thập phân (1.5) trong tệp phân tách bằng dấu phẩy, và có thể dùng dấu phẩy thập phân trong tệp phân tách bằng ;
(1,5; 1.234,5 với dấu chấm giữa các hàng nghìn; riêng "1.234" bị từ chối vì không rõ nghĩa); phần trăm trong 0..100;
ô của chỉ tiêu chấm tay là số điểm của nó (0..maxPoints).
Trong .xlsx, kết quả đã lưu của công thức được dùng, không bao giờ tính lại. Giới hạn: 20 MB, 200.000 dòng, 2.000 cột.

Mọi lỗi của dữ liệu được liệt kê dạng "dòng R, cột C: ..." (số dòng như trong tệp, tiêu đề là dòng 1) và lệnh thoát 1
mà không ghi gì.

Kết quả, mỗi đơn vị một dòng theo hạng rồi theo mã (đơn vị không xếp hạng ở cuối): Hạng, [cột --rank-within, Hạng
trong nhóm], Mã, Tên, Chỉ số, rồi mọi nhóm (nút không phải lá) và mọi trụ cột của bộ chỉ số, rồi Ghi chú. Giá trị
theo thang của chỉ số, làm tròn theo độ chính xác của bộ chỉ số. --out x.xlsx hoặc x.csv (UTF-8 có BOM; văn bản bắt
đầu bằng = + - @ được thêm ' ở đầu để bảng tính không chạy nó); không có --out thì in bảng ra stdout, số viết theo
ngôn ngữ của --lang (83,50 mặc định, 83.50 với --lang en). Với --json, một tài liệu ra stdout: {"ok": true,
"units": [{"rank", "code", "name", "index", "nodes", "pillars", "note"}], ...}, hoặc {"ok": false, "problems":
[{"row", "column", "message"}]}, mã thoát 1.

Ví dụ:
  npm run cli -- score --framework config/frameworks/pdti-2022.yaml --data provinces.xlsx --out result.xlsx
`;
