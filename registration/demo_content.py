"""Registration's demo data: the entrants of the first edition's demo, their members and works.

Made up, like the organisations and people in them; `registration.demo` loads it through the
registration services. Kept apart from the loader, as `contest.demo_content` is.
"""

from .validators import credit_code_check_character


def credit_code(first17):
    """A unified social credit code that passes the national check (made-up, like the organisations)."""
    return first17 + credit_code_check_character(first17)


# One dict per entrant, in the order they registered. `username` is a demo login or a demo
# account without a password; `members` are (name, phone, organisation, role), the first
# one leading; `draft_while_open` keeps the entry a draft during registration, so that a
# demo login shows what is left to do. Every entry consents to publicity: submitting needs it.
ENTRANTS = [
    {
        "username": "entrant1",
        "profile": {
            "kind": "team",
            "name": "数据先锋队",
            "region": "shijiazhuang",
            "organisation": "河北数智科技有限公司",
        },
        "members": [
            ("张明远", "+8613900000001", "河北数智科技有限公司", "队长、产品设计"),
            ("李思琪", "+8613900000002", "河北数智科技有限公司", "数据分析"),
            ("赵宇航", "+8613900000003", "石家庄某职业学院", "前端与移动端开发"),
        ],
        "draft_while_open": True,
        "entry": {
            "track": "gov",
            "title": "政务服务智能导办助手",
            "kind": "app",
            "summary": "面向群众和企业的移动端导办助手，用自然语言问答代替“找窗口、翻清单”，"
            "根据办事人的情况自动生成材料清单、办理路径和预约时段。",
            "scenario": "群众在“冀时办”或政务服务网办理社保、户籍、企业开办等高频事项前，"
            "先向助手描述诉求，助手给出所需材料和可就近办理的大厅，并支持一键预约。",
            "problem": "办事指南专业术语多、同一事项在不同地区材料不一致，群众往往“跑多次、问多人”；"
            "窗口咨询量大，排队时间长。",
            "data_used": "省政务服务事项目录及办事指南（公开数据）、各大厅排队叫号历史数据（脱敏、按小时汇总）、"
            "12345热线中关于办事咨询的工单分类统计。",
            "results": "在石家庄市两个区试运行三个月，覆盖286项高频事项，材料一次备齐率由61%提升到88%，"
            "窗口咨询量下降约三成。",
            "product_url": "https://daoban.example.com/",
            "usage_instructions": "手机浏览器打开网址，点击“体验账号登录”（账号 demo，验证码 123456），"
            "在对话框输入“我要办理企业开办”即可看到材料清单和预约入口。",
            "keywords": "政务服务, 智能问答, 一网通办",
            "consent_original": True,
            "consent_publicity": True,
            "consent_recommendation": True,
        },
    },
    {
        "username": "entrant2",
        "profile": {
            "kind": "organisation",
            "organisation_type": "enterprise",
            "name": "河北云数信息技术有限公司",
            "credit_code": credit_code("91130104MA0F8K2N3"),
            "region": "shijiazhuang",
        },
        "members": [
            ("孙海峰", "+8613900000004", "河北云数信息技术有限公司", "项目负责人"),
            ("周婧", "+8613900000005", "河北云数信息技术有限公司", "风控模型工程师"),
        ],
        "entry": {
            "track": "finance",
            "title": "“信易贷”中小微企业信用画像平台",
            "kind": "platform",
            "summary": "整合公共信用信息与企业经营数据，为中小微企业生成多维度信用画像和授信建议，"
            "帮助银行在“信易贷”平台上快速完成贷前调查。",
            "scenario": "企业在“信易贷”平台提出融资需求后，合作银行经企业授权调阅信用画像，"
            "结合画像中的经营稳定性、纳税和社保缴纳情况给出预授信额度。",
            "problem": "小微企业财务报表不规范、缺少抵押物，银行获取可信数据成本高，"
            "导致“融资难、融资贵”，审批周期普遍超过两周。",
            "data_used": "河北省信用平台共享的公共信用信息、经企业授权的纳税、社保、水电气缴费数据，"
            "以及银行自有的贷款履约数据；全部数据经授权调用，不落地存储原始明细。",
            "results": "已与三家银行开展试点，累计为1200余家小微企业生成画像，"
            "平均审批时间由15天缩短到3天，首贷户占比提高到42%。",
            "product_url": "https://xinyidai.example.com/",
            "usage_instructions": "使用测试账号 bank-demo（密码 Demo2022）登录银行端，"
            "在“企业查询”中输入示例企业名称“河北示例机械有限公司”，即可查看画像报告和授信建议。",
            "keywords": "信用+金融, 信易贷, 信用画像",
            "consent_original": True,
            "consent_publicity": True,
            "consent_recommendation": True,
        },
    },
    {
        "username": "demo-team-03",
        "phone": "+8613700000003",
        "profile": {
            "kind": "organisation",
            "organisation_type": "local_government",
            "name": "保定市莲池区行政审批局",
            "credit_code": credit_code("11130606MB0J4L7P2"),
            "region": "baoding",
        },
        "members": [
            ("马建国", "+8613900000006", "保定市莲池区行政审批局", "项目总负责"),
            ("高雅文", "+8613900000007", "保定市莲池区政务服务中心", "业务梳理"),
            ("韩冬", "+8613900000008", "保定市莲池区大数据中心", "系统对接"),
        ],
        "entry": {
            "track": "gov",
            "title": "“一件事一次办”主题服务数据中台",
            "kind": "platform",
            "summary": "以“一件事”为单位重组审批流程，打通市场监管、税务、社保、公积金等部门的数据，"
            "实现一张表单、一次提交、并联审批。",
            "scenario": "新开办餐饮店的经营者在大厅或网上填写一张表单，系统自动分发到各部门并联办理，"
            "营业执照、食品经营许可和社保登记同时完成。",
            "problem": "开办一家餐饮店原需跑5个部门、提交材料40余份，部门间数据重复录入，平均耗时12个工作日。",
            "data_used": "省市两级共享交换平台中的电子证照、市场主体登记、税务登记等接口数据，"
            "区级审批系统的办件过程数据。",
            "results": "已上线“我要开餐馆”“我要办理出生”等18个主题，申请材料平均减少62%，"
            "办理时间由12个工作日压缩到3个工作日以内。",
            "product_url": "https://yijianshi.example.com/",
            "usage_instructions": "打开网址后选择“演示环境”，以“申请人”身份进入，依次选择“我要开餐馆”主题，"
            "可看到智能表单和并联审批进度。",
            "keywords": "一件事一次办, 数据共享, 并联审批",
            "consent_original": True,
            "consent_publicity": True,
            "consent_recommendation": True,
        },
    },
    {
        "username": "demo-team-04",
        "phone": "+8613700000004",
        "profile": {"kind": "team", "name": "乡村振兴数据服务队", "region": "handan", "organisation": "邯郸某高校"},
        "members": [
            ("刘振华", "+8613900000009", "邯郸某高校", "队长、数据建模"),
            ("王晓燕", "+8613900000010", "邯郸某高校", "调研与需求分析"),
            ("陈立", "+8613900000011", "邯郸市某县农业农村局", "业务指导"),
            ("杨帆", "+8613900000012", "邯郸某高校", "系统开发"),
        ],
        "entry": {
            "track": "gov",
            "title": "防止返贫动态监测预警系统",
            "kind": "platform",
            "summary": "汇聚医疗、教育、就业、农业保险等部门数据，对脱贫户和边缘户的收入变化和风险事件进行动态监测，"
            "风险达到阈值时自动推送给驻村干部。",
            "scenario": "县乡两级乡村振兴部门日常监测；驻村工作队通过手机端接收预警、上门核实并登记帮扶措施。",
            "problem": "传统依靠入户走访和年度填报，发现返贫风险滞后，因病、因灾致贫往往在几个月后才被掌握。",
            "data_used": "医保大额支出、教育资助、就业登记、农业保险理赔等部门共享数据，"
            "经县级数据平台脱敏后按户关联；全部用于政府内部帮扶工作。",
            "results": "在一个县试点半年，提前发现风险户137户，平均预警时间提前约4个月，"
            "帮扶措施平均落实时间缩短到7天。",
            "product_url": "https://fanpin.example.com/",
            "usage_instructions": "登录页点击“演示账号”，选择“乡镇干部”角色，在“预警列表”中查看示例预警并处理。",
            "keywords": "乡村振兴, 防返贫监测, 数据共享",
            "consent_original": True,
            "consent_publicity": True,
            "consent_recommendation": True,
        },
    },
    {
        "username": "demo-team-05",
        "phone": "+8613700000005",
        "profile": {"kind": "individual", "name": "王思远", "region": "langfang", "organisation": "廊坊某高校"},
        "members": [],
        "entry": {
            "track": "gov",
            "title": "12345热线民生诉求智能分析模型",
            "kind": "model",
            "summary": "用文本分类和热点聚类模型对12345热线工单自动分类、识别高频诉求和突发热点，"
            "为部门派单和政策调整提供依据。",
            "scenario": "热线中心派单员使用模型给出的分类建议派单；市政府督查部门每周查看热点诉求报告。",
            "problem": "人工分类工单耗时且口径不一，同一类问题分散在不同部门，热点问题难以及时发现。",
            "data_used": "某市12345热线两年间的脱敏工单文本（约40万条），热线中心提供的分类标准。",
            "results": "分类准确率达到91%，派单时间平均缩短40%；模型发现的三个季节性热点已被纳入部门工作计划。",
            "keywords": "12345热线, 文本分类, 社会治理",
            "consent_original": True,
            "consent_publicity": True,
            "consent_recommendation": False,
        },
    },
    {
        "username": "demo-team-06",
        "phone": "+8613700000006",
        "profile": {
            "kind": "organisation",
            "organisation_type": "enterprise",
            "name": "唐山智钢工业互联网有限公司",
            "credit_code": credit_code("91130203MA0G2R5T8"),
            "region": "tangshan",
        },
        "members": [
            ("郑国栋", "+8613900000013", "唐山智钢工业互联网有限公司", "总经理、项目负责人"),
            ("许丽娟", "+8613900000014", "唐山智钢工业互联网有限公司", "能源管理工程师"),
            ("冯浩", "+8613900000015", "唐山智钢工业互联网有限公司", "算法工程师"),
        ],
        "entry": {
            "track": "economy",
            "title": "钢铁生产能耗智能优化平台",
            "kind": "platform",
            "summary": "采集高炉、转炉、轧线的实时能耗数据，用机器学习预测各工序能耗并给出调度建议，"
            "帮助钢铁企业降本减排。",
            "scenario": "钢铁企业能源管理中心实时监控全厂能耗；调度员根据平台建议安排错峰生产和余热利用。",
            "problem": "钢铁行业能耗高，工序间能源介质平衡依赖人工经验，峰谷电价下调度不及时造成浪费。",
            "data_used": "企业自有的生产执行系统和能源计量数据（约3000个测点，秒级采集），公开的分时电价数据。",
            "results": "在两家钢铁企业部署，吨钢综合能耗下降2.3%，年节约电费约1800万元，减少二氧化碳排放约4万吨。",
            "product_url": "https://nenghao.example.com/",
            "usage_instructions": "使用账号 guest（密码 Guest2022）登录，进入“能耗驾驶舱”查看示例工厂的实时数据和优化建议。",
            "keywords": "工业互联网, 节能降碳, 钢铁",
            "consent_original": True,
            "consent_publicity": True,
            "consent_recommendation": True,
        },
    },
    {
        "username": "demo-team-07",
        "phone": "+8613700000007",
        "profile": {
            "kind": "organisation",
            "organisation_type": "university",
            "name": "冀中理工大学数据科学学院",
            "credit_code": credit_code("12130500MB1K6W9X4"),
            "region": "xingtai",
        },
        "members": [
            ("吴建平", "+8613900000016", "冀中理工大学", "教授、项目负责人"),
            ("林晓", "+8613900000017", "冀中理工大学", "博士研究生"),
        ],
        "entry": {
            "track": "economy",
            "title": "县域特色产业集群运行监测分析",
            "kind": "solution",
            "summary": "构建县域特色产业集群运行指数，利用用电、用工、物流、税收等数据按月监测集群景气度，"
            "并给出补链强链建议。",
            "scenario": "省、市工业和信息化部门按月掌握重点县域产业集群运行情况；县政府据此制定招商和扶持政策。",
            "problem": "县域产业集群统计数据滞后一个季度以上，难以及时发现集群下行风险和产业链薄弱环节。",
            "data_used": "分行业用电量、社保参保人数、物流货运量和增值税开票数据（均为按月汇总的统计数据）。",
            "results": "对6个县域集群试算24个月，指数与统计数据的相关系数达0.87，提前两个月发现了一个集群的订单下滑。",
            "keywords": "产业集群, 景气指数, 县域经济",
            "consent_original": True,
            "consent_publicity": True,
            "consent_recommendation": True,
        },
    },
    {
        "username": "demo-team-08",
        "phone": "+8613700000008",
        "profile": {"kind": "team", "name": "白沟箱包数字化团队", "region": "baoding", "organisation": ""},
        "members": [
            ("崔晓东", "+8613900000018", "保定白沟新城某箱包企业", "队长、运营"),
            ("彭佳", "+8613900000019", "保定某高校", "数据分析"),
            ("秦磊", "+8613900000020", "自由职业", "小程序开发"),
        ],
        "entry": {
            "track": "economy",
            "title": "箱包产业链供需对接小程序",
            "kind": "app",
            "summary": "面向白沟箱包产业集群的供需对接小程序，汇集面料、辅料、加工厂的产能和订单信息，"
            "用匹配算法为小微加工厂推荐订单。",
            "scenario": "品牌商发布订单需求，小微加工厂发布空闲产能，平台推荐匹配并支持在线签约和进度跟踪。",
            "problem": "集群内上千家小微加工厂信息不透明，旺季接不完、淡季没活干，找厂找料主要靠熟人介绍。",
            "data_used": "平台企业自主填报的产能和订单数据、市场主体登记公开信息、物流企业提供的发货统计。",
            "results": "上线八个月，入驻企业860家，促成订单2300余笔，加工厂淡季开工率提高约15个百分点。",
            "product_url": "https://xiangbao.example.com/",
            "usage_instructions": "微信扫描材料第3页的二维码或在浏览器打开网址，选择“游客体验”，可浏览示例订单并体验匹配推荐。",
            "keywords": "产业集群, 供需对接, 小程序",
            "consent_original": True,
            "consent_publicity": True,
            "consent_recommendation": False,
        },
    },
    {
        "username": "demo-team-09",
        "phone": "+8613700000009",
        "profile": {
            "kind": "organisation",
            "organisation_type": "research_institute",
            "name": "河北省设施农业数据研究所",
            "credit_code": credit_code("12130000MB0L3Q6U7"),
            "region": "shijiazhuang",
        },
        "members": [
            ("黄志刚", "+8613900000021", "河北省设施农业数据研究所", "研究员、项目负责人"),
            ("宋雨", "+8613900000022", "河北省设施农业数据研究所", "助理研究员"),
        ],
        "entry": {
            "track": "economy",
            "title": "设施蔬菜种植环境智能调控系统",
            "kind": "platform",
            "summary": "通过温室内的温湿度、光照、土壤墒情传感器和气象数据，预测作物生长需求并自动控制卷帘、"
            "通风和水肥一体化设备。",
            "scenario": "蔬菜种植合作社和家庭农场在手机上查看大棚环境，系统按作物模型自动调控并推送农事提醒。",
            "problem": "设施蔬菜种植依赖经验，用水用肥粗放，极端天气下调控不及时导致减产。",
            "data_used": "自建物联网传感器数据、省气象部门公开的天气预报数据、农技推广站提供的作物生长模型参数。",
            "results": "在120个大棚示范应用，节水30%、节肥20%，番茄亩均增产约12%。",
            "product_url": "https://dapeng.example.com/",
            "usage_instructions": "打开网址点击“示范大棚”，无需登录即可查看实时环境数据；调控功能需使用账号 farm-demo（密码 Farm2022）。",
            "keywords": "智慧农业, 物联网, 设施蔬菜",
            "consent_original": True,
            "consent_publicity": True,
            "consent_recommendation": True,
        },
    },
    {
        "username": "demo-team-10",
        "phone": "+8613700000010",
        "profile": {
            "kind": "organisation",
            "organisation_type": "financial_institution",
            "name": "冀东农村商业银行",
            "credit_code": credit_code("91130200MA0H7N4C1"),
            "region": "tangshan",
        },
        "members": [
            ("田志强", "+8613900000023", "冀东农村商业银行", "普惠金融部总经理"),
            ("何静", "+8613900000024", "冀东农村商业银行", "数据分析师"),
            ("罗斌", "+8613900000025", "冀东农村商业银行", "信贷产品经理"),
        ],
        "entry": {
            "track": "finance",
            "title": "涉农经营主体信用评价模型",
            "kind": "model",
            "summary": "结合土地确权、农业补贴、农业保险和涉农经营数据，为家庭农场、农民合作社建立信用评价模型，"
            "支持纯信用的线上贷款。",
            "scenario": "农户在手机银行申请贷款，经授权后系统调用模型完成评分，额度30万元以内的贷款当天放款。",
            "problem": "涉农经营主体缺少抵押物和规范财务数据，传统信贷靠客户经理上门调查，成本高、覆盖面窄。",
            "data_used": "经授权的土地承包经营权确权数据、农业补贴发放记录、农业保险投保理赔数据和本行历史信贷数据。",
            "results": "模型上线一年，发放纯信用涉农贷款3.6亿元，惠及农户4100余户，不良率控制在0.9%以内。",
            "keywords": "涉农信贷, 信用评价, 普惠金融",
            "consent_original": True,
            "consent_publicity": True,
            "consent_recommendation": True,
        },
    },
    {
        "username": "demo-team-11",
        "phone": "+8613700000011",
        "profile": {
            "kind": "team",
            "name": "京津冀信用链团队",
            "region": "outside",
            "province": "beijing",
            "organisation": "北京某金融科技公司",
        },
        "members": [
            ("邓宇", "+8613900000026", "北京某金融科技公司", "队长、架构设计"),
            ("曹敏", "+8613900000027", "天津某大学", "密码学研究"),
            ("袁峰", "+8613900000028", "北京某金融科技公司", "区块链开发"),
        ],
        "entry": {
            "track": "finance",
            "title": "供应链金融应收账款确权平台",
            "kind": "website",
            "summary": "基于区块链记录核心企业与上下游供应商之间的应收账款，实现确权、拆分和流转，"
            "让末端供应商凭核心企业信用融资。",
            "scenario": "核心企业在平台签发电子债权凭证，一级供应商可拆分转让给二级供应商，"
            "任一持有人可向合作银行申请保理融资。",
            "problem": "核心企业信用难以传递到多级供应商，末端小微企业账期长、融资难，应收账款确权依赖纸质材料。",
            "data_used": "核心企业的采购和付款数据、发票查验数据、河北省信用平台的企业公共信用信息。",
            "results": "在京津冀两条汽车零部件供应链试运行，累计签发凭证4.2亿元，"
            "末端供应商平均融资成本下降约2个百分点。",
            "product_url": "https://xinyonglian.example.com/",
            "usage_instructions": "网站首页点击“沙箱体验”，分别以核心企业、供应商、银行三个演示角色登录，按引导完成一次签发和融资。",
            "keywords": "供应链金融, 区块链, 应收账款",
            "consent_original": True,
            "consent_publicity": True,
            "consent_recommendation": True,
        },
    },
    {
        "username": "demo-team-12",
        "phone": "+8613700000012",
        "profile": {"kind": "individual", "name": "刘晓彤", "region": "cangzhou", "organisation": "沧州某会计师事务所"},
        "members": [],
        "entry": {
            "track": "finance",
            "title": "基于公共信用数据的贷后风险预警方案",
            "kind": "solution",
            "summary": "利用企业公共信用信息的变化（行政处罚、司法涉诉、欠税、经营异常等）建立贷后预警规则和评分，"
            "帮助中小银行及早发现风险。",
            "scenario": "中小银行贷后管理部门每日获取借款企业的风险变化清单，按预警等级安排客户经理核查。",
            "problem": "中小银行贷后检查以人工定期检查为主，企业风险事件发现滞后，往往逾期后才采取措施。",
            "data_used": "河北省信用平台公开的行政许可、行政处罚、经营异常名录和失信被执行人信息。",
            "results": "用某银行两年的贷款数据回测，预警规则提前60天以上识别了七成以上的逾期客户。",
            "keywords": "贷后管理, 风险预警, 公共信用",
            "consent_original": True,
            "consent_publicity": True,
            "consent_recommendation": False,
        },
    },
]

# The one demo PDF every entry shares: a section per part the rules ask the materials to cover.
MATERIALS_SECTIONS = [
    (
        "参赛者自我介绍",
        [
            "我们是一支长期从事政务数据和行业数据应用的团队，成员来自企业、高校和基层政务服务部门，"
            "熟悉业务流程，也具备数据治理、建模分析和软件开发的能力。",
            "团队此前参与过多个地市的数据共享和便民服务项目，积累了与业务部门共同设计、共同迭代的经验。",
        ],
    ),
    (
        "参赛作品简述",
        [
            "作品以数据共享为基础，把分散在多个部门、多个系统中的数据汇聚成一张可用的业务视图，"
            "围绕一个具体的实际问题提供从发现、分析到处置的闭环。",
            "作品由数据接入、模型分析和应用服务三层组成：数据接入层负责对接共享交换平台和业务系统；"
            "模型分析层提供规则引擎和机器学习模型；应用服务层面向不同角色提供网页端和移动端。",
        ],
    ),
    (
        "应用场景",
        [
            "作品面向一线业务人员、企业和普通群众，在日常办事、经营和管理中使用，不需要专业的数据知识。",
            "典型场景包括：办事前的材料准备和预约、业务部门的日常监测和预警、管理部门的分析研判和决策支持。",
        ],
    ),
    (
        "解决的问题或难点痛点堵点",
        [
            "过去依靠人工经验和纸质材料，部门之间信息不对称，同一份材料反复提交，办理周期长，问题发现滞后。",
            "作品让数据多跑路、群众少跑腿，把事后处置变为事前预警，把经验判断变为数据支撑。",
        ],
    ),
    (
        "数据使用情况",
        [
            "所用数据均经授权或来自公开渠道：政务数据通过省市两级共享交换平台按需调用，企业数据经企业授权使用。",
            "数据按最小必要原则使用，个人信息全部脱敏处理，原始明细不落地存储，调用过程全程留痕、可审计。",
        ],
    ),
    (
        "应用成果或预期成果",
        [
            "试点期间业务办理效率明显提升，用户满意度高，相关做法已被试点地区纳入日常工作机制。",
            "下一步计划在全省推广应用，并根据各地业务差异提供可配置的规则和模型，预计可覆盖更多地区和行业。",
        ],
    ),
]
