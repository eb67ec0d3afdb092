import { joinQr, maskedMobile, mobileNumber, parseJoinQr, readPeopleSheets, roleOf } from '../../src/core'

describe('people sheets and numbers', () => {
  it.each([
    ['13900001111', '13900001111'],
    ['139 0000 1111', '13900001111'],
    ['+86 139-0000-1111', '13900001111'],
    ['0086 13900001111', '13900001111'],
    ['１３９００００１１１１', '13900001111'],
    ['0510-81234567', null],
    ['12900001111', null],
    ['1390000111', null],
    ['', null]
  ])('reads 「%s」 as a mobile number: %s', (text, expected) => {
    expect(mobileNumber(text)).toBe(expected)
  })

  it('masks a number and knows an office’s words for roles', () => {
    expect(maskedMobile('13900001111')).toBe('139****1111')
    expect(roleOf('')).toBe('liaison')
    expect(roleOf('联络员')).toBe('liaison')
    expect(roleOf('信息员')).toBe('liaison')
    expect(roleOf('检查人员')).toBe('inspector')
    expect(roleOf('分管领导')).toBe('leader')
    expect(roleOf('系统管理员')).toBe('admin')
    expect(roleOf('宣传员')).toBeNull()
  })

  it('finds the header under a title on every sheet, and leaves totals and notes out', () => {
    const { rows, missing } = readPeopleSheets([
      { name: '市直', rows: [['市直部门联络员'], ['序号', '姓名', '单位名称', '联系电话'], ['1', '赵敏', '市政府办', '13900001111'], ['合计', '', '', ''], ['说明：请各单位于7月10日前报送联络员名单']] },
      { name: '区县', rows: [['所在单位', '联系人', '手机', '身份'], ['河西区', '李娜', '13900006666', '联络员']] },
      { name: '备注', rows: [['没有表头的说明页']] }
    ])
    expect(missing).toEqual([])
    expect(rows).toEqual([
      { row: 3, sheet: '市直', name: '赵敏', phone: '13900001111', unit: '市政府办', role: '' },
      { row: 2, sheet: '区县', name: '李娜', phone: '13900006666', unit: '河西区', role: '联络员' }
    ])
    expect(readPeopleSheets([{ name: '', rows: [['名称', '电话']] }]).missing).toEqual(['name', 'unit'])
  })

  it('reads an invitation from its QR code or a shared path', () => {
    const token = 'AbCdEfGhIjKlMnOpQrStUvWx'
    expect(parseJoinQr(joinQr(token))).toBe(token)
    expect(parseJoinQr(`pages/join/index?t=${token}`)).toBe(token)
    expect(parseJoinQr('gnm-join:short')).toBeNull()
    expect(parseJoinQr('gnm-web-login:w-abcdefghijkl')).toBeNull()
  })
})
