/**
 * The what-if of the officer's score card (#22 point 5) in Vietnamese; what-if.en.ts has the same keys. The page
 * script (public/what-if.js) writes no words of its own: it puts the server's rendering of the result in place.
 */
export const whatIfVi = {
  'ofc.whatIf.title': 'Mô phỏng: nếu thay đổi giá trị chỉ tiêu',
  'ofc.whatIf.intro':
    'Nhập giá trị giả định cho một vài chỉ tiêu để xem chỉ số và hạng của đơn vị sẽ ra sao so với kết quả đã công bố của các đơn vị khác. Mô phỏng không lưu lại và không thay đổi kết quả chính thức.',
  'ofc.whatIf.caption': 'Các chỉ tiêu: giá trị cuối cùng đã công bố và giá trị giả định',
  'ofc.whatIf.indicator': 'Chỉ tiêu',
  'ofc.whatIf.current': 'Giá trị đã công bố',
  'ofc.whatIf.assumed': 'Giá trị giả định',
  'ofc.whatIf.empty': '(để trống)',
  'ofc.whatIf.points': 'Điểm do hội đồng chấm (0–{max})',
  'ofc.whatIf.notOffered': 'Chỉ tiêu tính theo công thức từ nhiều số liệu hoặc chỉ có văn bản không có trong mô phỏng.',
  'ofc.whatIf.submit': 'Tính thử',
  'ofc.whatIf.reset': 'Trở về giá trị đã công bố',
  'ofc.whatIf.resultTitle': 'Kết quả mô phỏng',
  'ofc.whatIf.changed': 'Đã giả định {count} chỉ tiêu: {codes}.',
  'ofc.whatIf.unchanged': 'Chưa thay đổi chỉ tiêu nào: kết quả như đã công bố.',
  'ofc.whatIf.before': 'Đã công bố',
  'ofc.whatIf.after': 'Theo giá trị giả định',
  'ofc.whatIf.up': 'tăng {places} bậc',
  'ofc.whatIf.down': 'giảm {places} bậc',
  'ofc.whatIf.same': 'giữ nguyên hạng',
  'ofc.whatIf.estimate':
    'Hạng là ước tính: giá trị giả định làm đổi giá trị nhỏ nhất, lớn nhất hoặc trung bình của chỉ tiêu {codes}, nên giá trị chuẩn hóa của các đơn vị khác cũng sẽ đổi khi chấm lại toàn bộ.',
  'ofc.whatIf.cheapestTitle': 'Ba bước nâng hạng nhiều nhất',
  'ofc.whatIf.cheapestIntro':
    'Mỗi bước là thay đổi nhỏ nhất của một chỉ tiêu, tính thêm trên các giá trị giả định ở trên: chọn phương án kế tiếp, đạt ngưỡng kế tiếp, tăng thêm một phần mười của khoảng (mục tiêu hoặc mốc), hoặc thêm 1 điểm chấm tay.',
  'ofc.whatIf.step': '{code} · {name}: {from} → {to}',
  'ofc.whatIf.stepResult': 'chỉ số {index}, hạng {rank} ({change})',
  'ofc.whatIf.indexUp': 'cùng hạng, chỉ số tăng',
  'ofc.whatIf.noSteps': 'Không còn bước nào làm tăng chỉ số.',
  'ofc.whatIf.refused': 'Không tính được mô phỏng: giá trị giả định của {codes} không hợp lệ.',
};
