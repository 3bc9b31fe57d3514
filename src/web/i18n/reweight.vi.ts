/**
 * The ranking page's reader re-weighting (#22 point 6) in Vietnamese; reweight.en.ts has the same keys. The page
 * script (public/reweight.js) takes the words it writes from the page's JSON block.
 */
export const reweightVi = {
  'pub.reweight.summary': 'Tự chọn trọng số',
  'pub.reweight.intro':
    'Kéo các thanh trượt để đổi trọng số của từng thành phần của chỉ số: bảng xếp hạng được tính lại ngay trên trình duyệt từ giá trị đã công bố của các thành phần, đúng như bộ máy chấm điểm tính với các trọng số ấy. Xếp hạng theo trọng số tự chọn không phải kết quả chính thức; các biểu đồ vẫn theo kết quả chính thức.',
  'pub.reweight.rule.points':
    'Chỉ số chính thức là tổng điểm của các thành phần chia cho tổng điểm tối đa: trọng số chính thức của mỗi thành phần là phần của nó trong tổng điểm tối đa. Với trọng số khác, chỉ số là trung bình có trọng số của giá trị các thành phần (các trọng số được chia cho tổng của chúng).',
  'pub.reweight.rule.weighted_mean': 'Chỉ số là trung bình có trọng số của giá trị các thành phần; các trọng số được chia cho tổng của chúng.',
  'pub.reweight.rule.geometric_mean': 'Chỉ số là trung bình nhân có trọng số của giá trị các thành phần; các trọng số được chia cho tổng của chúng.',
  'pub.reweight.grouped': 'Các đơn vị được xếp hạng trong nhóm của mình, như kết quả chính thức.',
  'pub.reweight.legend': 'Trọng số của các thành phần (0 đến 1)',
  'pub.reweight.officialIs': 'Chính thức: {weight}',
  'pub.reweight.valueText': '{weight}, tức {share} tổng trọng số',
  'pub.reweight.official': 'Trọng số chính thức',
  'pub.reweight.link': 'Liên kết giữ các trọng số này',
  'pub.reweight.status.official': 'Đang hiển thị xếp hạng chính thức.',
  'pub.reweight.status.custom': 'Đang hiển thị xếp hạng theo trọng số tự chọn (không chính thức).',
  'pub.reweight.status.none': 'Mọi trọng số bằng 0: không đơn vị nào có chỉ số.',
  'pub.reweight.caption': ' (theo trọng số tự chọn, không chính thức)',
  'pub.reweight.up': 'tăng {places} bậc so với hạng chính thức {rank}',
  'pub.reweight.down': 'giảm {places} bậc so với hạng chính thức {rank}',
  'pub.reweight.same': 'như hạng chính thức',
  'pub.reweight.noOfficial': 'không có hạng chính thức',
};
