/** The front door (/) and the page of an address that does not exist, in Vietnamese. */
export const siteVi = {
  'site.home.title': 'Nền tảng đánh giá chỉ số chuyển đổi số',
  'site.home.lead':
    'Nơi các bộ, ngành và địa phương tự đánh giá mức độ chuyển đổi số kèm minh chứng, chuyên gia thẩm định và chấm điểm, và kết quả xếp hạng hằng năm (Bộ chỉ số DTI) được tính, công bố, đóng băng và xuất ra Excel.',
  'site.home.latest': 'Kết quả mới công bố',
  'site.home.none': 'Chưa có kết quả nào được công bố.',
  'site.home.edition': 'DTI {year} — {level}',
  'site.home.version': 'phiên bản {version}',
  'site.home.allEditions': 'Tất cả các kỳ đã công bố',
  'site.home.work': 'Dành cho người làm việc',
  'site.home.workLead': 'Cán bộ đầu mối tự đánh giá, chuyên gia thẩm định và cán bộ quản trị đăng nhập để làm việc.',
  'site.home.api': 'Tài liệu API (OpenAPI)',
  'site.notFound.title': 'Không tìm thấy trang',
  'site.notFound.message': 'Địa chỉ {path} không có trang nào. Có thể địa chỉ bị gõ sai hoặc trang đã được chuyển đi.',
  'site.notFound.home': 'Về trang chủ',
};
