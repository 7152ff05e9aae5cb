// Word lists of the demo-data generator (demo/): surnames with their approximate frequencies, given
// names by sex and generation, syllables of plausible Yunnan place names, and the parts of enterprise and
// social-organisation names. Every name built from them is fictitious.
#include "cli/demo/internal.hpp"

namespace wangge::cli::demo_detail {

const std::vector<WeightedWord>& Surnames() {
  // Weights ~ per-mille frequencies of the national ranking, with Yunnan's 朱 罗 马 保 管 孔 raised.
  static const std::vector<WeightedWord> v = {
      {"李", 79}, {"王", 74}, {"张", 71}, {"刘", 54}, {"陈", 45}, {"杨", 42}, {"赵", 24}, {"黄", 23},
      {"周", 21}, {"吴", 20}, {"徐", 17}, {"孙", 15}, {"胡", 13}, {"朱", 18}, {"高", 12}, {"林", 10},
      {"何", 12}, {"郭", 11}, {"马", 16}, {"罗", 16}, {"梁", 8},  {"宋", 8},  {"郑", 8},  {"谢", 7},
      {"韩", 7},  {"唐", 8},  {"冯", 6},  {"于", 6},  {"董", 6},  {"萧", 4},  {"程", 6},  {"曹", 6},
      {"袁", 6},  {"邓", 7},  {"许", 6},  {"傅", 5},  {"沈", 5},  {"曾", 5},  {"彭", 5},  {"吕", 5},
      {"苏", 5},  {"卢", 5},  {"蒋", 5},  {"蔡", 5},  {"贾", 4},  {"丁", 4},  {"魏", 4},  {"薛", 3},
      {"叶", 4},  {"阎", 3},  {"余", 5},  {"潘", 4},  {"杜", 4},  {"戴", 3},  {"夏", 3},  {"钟", 3},
      {"汪", 3},  {"田", 4},  {"任", 4},  {"姜", 3},  {"范", 3},  {"方", 3},  {"石", 3},  {"姚", 3},
      {"谭", 3},  {"廖", 3},  {"邹", 3},  {"熊", 4},  {"金", 3},  {"陆", 3},  {"郝", 3},  {"孔", 5},
      {"白", 3},  {"崔", 3},  {"康", 3},  {"毛", 3},  {"邱", 3},  {"秦", 3},  {"江", 3},  {"史", 3},
      {"顾", 2},  {"侯", 3},  {"邵", 2},  {"孟", 2},  {"龙", 3},  {"万", 2},  {"段", 4},  {"雷", 3},
      {"钱", 3},  {"汤", 2},  {"尹", 3},  {"黎", 2},  {"易", 2},  {"常", 2},  {"武", 2},  {"乔", 2},
      {"贺", 2},  {"赖", 2},  {"龚", 2},  {"文", 2},  {"保", 4},  {"管", 4},  {"付", 4},  {"陶", 3},
      {"左", 2},  {"柳", 2},  {"鲁", 2},  {"晏", 2},  {"浦", 2},  {"缪", 2},
  };
  return v;
}

const std::vector<WeightedWord>& SurnamesOf(std::string_view ethnicity) {
  static const std::vector<WeightedWord> hui = {{"马", 40}, {"沙", 10}, {"纳", 8}, {"保", 8}, {"丁", 6},
                                                {"哈", 4},  {"李", 8},  {"张", 6}, {"杨", 5}, {"穆", 3}};
  static const std::vector<WeightedWord> yi = {{"李", 20}, {"王", 12}, {"普", 10}, {"禄", 8}, {"安", 8},
                                               {"陇", 5},  {"张", 8},  {"杨", 8},  {"罗", 6}, {"沙", 3}};
  static const std::vector<WeightedWord> miao = {{"王", 15}, {"杨", 14}, {"张", 10}, {"陶", 10}, {"熊", 10},
                                                 {"龙", 8},  {"李", 8},  {"朱", 6},  {"韩", 4},  {"马", 3}};
  if (ethnicity == "回族") return hui;
  if (ethnicity == "彝族") return yi;
  if (ethnicity == "苗族") return miao;
  return Surnames();
}

// Given names. Index: [sex 0 = male, 1 = female][generation 0 = born before 1965, 1 = 1965-1994,
// 2 = 1995 and later]. "first" characters start a two-character name, "last" ones end it or stand alone.
const GivenNameChars& GivenNames(int sex, int generation) {
  static const GivenNameChars table[2][3] = {
      {
          // male, born before 1965
          {{"国", "建", "志", "永", "文", "德", "明", "兴", "正", "光",
            "发", "福", "长", "学", "家", "有", "开", "春", "顺", "绍"},
           {"华", "民", "强", "军", "忠", "林", "才", "富", "贵", "昌", "祥", "荣",
            "成", "清", "元", "山", "友", "全", "坤", "权", "堂", "林", "德", "亮"}},
          // male, 1965-1994
          {{"建", "志", "海", "永", "俊", "晓", "云", "红", "金", "小",
            "德", "家", "国", "正", "明", "文", "学", "光", "伟", "春"},
           {"伟", "强", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏",
            "华", "飞", "波", "东", "峰", "林", "龙", "兵", "坤", "彪", "雄", "松", "宇"}},
          // male, 1995 and later
          {{"子", "浩", "宇", "俊", "家", "梓", "一", "思", "锦", "明",
            "天", "嘉", "睿", "沐", "博", "奕", "皓", "泽", "景", "晨"},
           {"轩", "涵", "宇", "然", "杰", "豪", "博", "航", "辰", "阳", "睿", "泽",
            "哲", "瑞", "凯", "鑫", "铭", "川", "诚", "旭", "晨", "琪", "霖", "逸"}},
      },
      {
          // female, born before 1965
          {{"秀", "桂", "玉", "春", "金", "凤", "兰", "翠", "淑", "美",
            "素", "彩", "月", "冬", "会", "丽", "琼", "菊", "银", "正"},
           {"英", "兰", "珍", "芳", "华", "梅", "莲", "凤", "琼", "仙",
            "菊", "芬", "娥", "香", "秀", "云", "花", "萍", "贞", "蓉"}},
          // female, 1965-1994
          {{"丽", "红", "晓", "春", "海", "艳", "小", "秀", "玉", "金",
            "云", "美", "雪", "文", "建", "燕", "慧", "家", "静", "桂"},
           {"芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "燕", "玲", "梅", "琳",
            "红", "萍", "莉", "婷", "雪", "慧", "琴", "丹", "敏", "倩", "蓉", "佳"}},
          // female, 1995 and later
          {{"欣", "梓", "雨", "思", "诗", "子", "佳", "一", "可", "紫",
            "语", "若", "雅", "晨", "心", "梦", "嘉", "依", "悦", "婉"},
           {"怡", "涵", "萱", "彤", "琪", "妍", "悦", "菲", "琳", "瑶", "然", "雯",
            "馨", "蕊", "月", "颖", "欣", "婷", "洁", "宁", "希", "可", "桐", "诺"}},
      },
  };
  return table[sex == 0 ? 0 : 1][generation < 0 ? 0 : (generation > 2 ? 2 : generation)];
}

const std::vector<std::string_view>& VillageFirst() {
  static const std::vector<std::string_view> v = {
      "大", "小", "新", "老", "上", "下", "中", "红", "白", "黑", "青", "黄", "金", "银",
      "龙", "马", "牛", "羊", "石", "水", "松", "柏", "杨", "柳", "梨", "桃", "竹", "麦",
      "茶", "沙", "岩", "铜", "铅", "花", "草", "油", "菜", "米", "鹿", "凤", "鹤", "象",
      "狮", "虎", "营", "官", "塘", "温", "冷", "高", "长", "平", "兴", "和", "乐", "安",
      "永", "双", "三", "五", "九", "半", "烂", "蒿", "荞", "栗", "核", "椒", "坪", "箐"};
  return v;
}

const std::vector<std::string_view>& VillageSecond() {
  static const std::vector<std::string_view> v = {"坪", "沟", "坝", "河", "山", "营", "屯", "寨", "冲",
                                                  "箐", "塘", "湾", "坡", "岭", "田", "地", "厂", "街",
                                                  "桥", "口", "庄", "堡", "铺", "哨", "岩", "洞", "林",
                                                  "园", "场", "滩", "溪", "泉", "井", "槽", "岗", "梁"};
  return v;
}

const std::vector<std::string_view>& CommunityFirst() {
  static const std::vector<std::string_view> v = {"东", "西", "南", "北", "金", "银", "龙", "凤", "文", "新",
                                                  "兴", "宝", "玉", "翠", "锦", "和", "安", "康", "春", "紫",
                                                  "清", "华", "永", "福", "瑞", "祥", "同", "德", "明", "光"};
  return v;
}

const std::vector<std::string_view>& CommunitySecond() {
  static const std::vector<std::string_view> v = {"城", "街", "园", "苑", "华", "兴", "泰", "安",
                                                  "和", "康", "平", "盛", "源", "湖", "山", "河",
                                                  "门", "关", "阳", "辉", "祥", "鑫", "花", "坛"};
  return v;
}

const std::vector<std::string_view>& ExclusiveSites() {
  static const std::vector<std::string_view> v = {"第一中学",     "人民医院", "第一小学",   "第二中学",
                                                  "中医医院",     "实验小学", "妇幼保健院", "职业高级中学",
                                                  "民族中学",     "第三中学", "第二小学",   "以礼河小学",
                                                  "特殊教育学校", "金钟中学", "疾控中心"};
  return v;
}

const std::vector<std::string_view>& BrandSyllables() {
  static const std::vector<std::string_view> v = {
      "金", "鑫", "鸿",   "宏",   "盛",   "祥",   "瑞",   "丰",   "泰",   "华",   "兴",   "隆",  "源", "达",
      "通", "顺", "恒",   "昌",   "润",   "宇",   "博",   "嘉",   "锦",   "誉",   "诚",   "信",  "德", "安",
      "康", "益", "乌蒙", "以礼", "钟屏", "金钟", "娜姑", "云岭", "滇东", "珠源", "铅锌", "红土"};
  return v;
}

const std::vector<std::string_view>& EnterpriseTrades() {
  static const std::vector<std::string_view> v = {
      "商贸",       "建材",     "矿业",     "农业开发", "建筑工程",     "物流",   "餐饮管理", "食品",
      "农产品加工", "电子商务", "旅游开发", "物业服务", "汽车服务",     "新能源", "生物科技", "中药材种植",
      "畜牧养殖",   "酒店管理", "劳务服务", "运输",     "水泥制品",     "家具",   "印务",     "茶业",
      "马铃薯加工", "信息技术", "装饰工程", "医药连锁", "烟草种植服务", "光伏"};
  return v;
}

const std::vector<std::string_view>& EnterpriseForms() {
  static const std::vector<std::string_view> v = {"有限公司",     "有限公司", "有限公司", "有限责任公司",
                                                  "股份有限公司", "经营部",   "合作社"};
  return v;
}

const std::vector<std::string_view>& SocialOrgKinds() {
  static const std::vector<std::string_view> v = {
      "商会",         "志愿者协会",     "老年人协会", "青年创业协会",  "养殖协会",   "社会工作服务中心",
      "慈善会",       "书画协会",       "摄影家协会", "户外运动协会",  "红白理事会", "种植专业协会",
      "餐饮行业协会", "个体劳动者协会", "助学促进会", "民间文艺家协会"};
  return v;
}

const std::vector<std::string_view>& Workplaces() {
  static const std::vector<std::string_view> v = {
      "昆明市",       "曲靖市", "浙江省宁波市", "广东省东莞市", "江苏省苏州市",
      "福建省晋江市", "上海市", "广东省深圳市", "浙江省义乌市", "贵州省六盘水市"};
  return v;
}

const std::vector<std::string_view>& PetitionMatters() {
  static const std::vector<std::string_view> v = {
      "征地补偿", "房屋拆迁安置", "劳资纠纷", "土地承包经营权纠纷", "医疗纠纷",
      "邻里纠纷", "低保待遇",     "退役安置", "林权纠纷",           "移民搬迁安置"};
  return v;
}

}  // namespace wangge::cli::demo_detail
