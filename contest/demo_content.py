"""The first edition of the contest, as its official plan describes it (demo and fixture data).

Dates are the plan's, in Asia/Shanghai; `end` is the last day of a stage (inclusive).
"""

from datetime import date

CONTEST = {
    "slug": "hebei-2022",
    "name": "河北省首届“智慧政务 创想未来”数据应用创新创业大赛",
    "name_en": "Hebei's 1st “Smart Government, Imagining the Future” Data Application Innovation & Entrepreneurship Contest",
    "short_name": "数据应用创新创业大赛",
    "short_name_en": "Data Application Contest",
    "slogan": "智慧政务 创想未来",
    "slogan_en": "Smart Government, Imagining the Future",
    "hosts": "河北省政务服务管理办公室\n中国建设银行河北省分行\n河北省数字经济联合会",
    "hosts_en": (
        "Hebei Provincial Government Service Management Office\n"
        "China Construction Bank, Hebei Branch\n"
        "Hebei Digital Economy Federation"
    ),
    "supporting_units": (
        "中共河北省委网络安全和信息化委员会办公室\n河北省发展和改革委员会\n河北省科学技术厅\n"
        "河北省人力资源和社会保障厅\n河北省商务厅\n河北省人民政府国有资产监督管理委员会"
    ),
    "supporting_units_en": (
        "Cyberspace Affairs Office of the CPC Hebei Provincial Committee\n"
        "Hebei Development and Reform Commission\n"
        "Hebei Department of Science and Technology\n"
        "Hebei Department of Human Resources and Social Security\n"
        "Hebei Department of Commerce\n"
        "State-owned Assets Supervision and Administration Commission of Hebei"
    ),
    "introduction": (
        "大赛旨在全国范围内发现、展示一批政务服务、数字产品、金融创新等方面的数字化应用或数字化产品，"
        "引导更多社会力量参与挖掘河北大数据的潜在价值，促进河北省数字政府建设和数字经济发展。\n\n"
        "面向省级各部门、地方基层政府、高等院校、科研院所、企事业单位、金融机构及个人征集数据应用创新创业"
        "优秀案例及成果。不缴纳任何参赛费用。"
    ),
    "introduction_en": (
        "The contest looks nationwide for digital applications and products in government services, "
        "digital products and financial innovation, invites society to unlock the value of Hebei's big "
        "data, and advances Hebei's digital government and digital economy.\n\n"
        "Provincial departments, local governments, universities, research institutes, enterprises and "
        "public institutions, financial institutions and individuals may enter. Entry is free."
    ),
    "rules_text": (
        "参赛者以团队形式参赛的，每个参赛团队人数不得超过（含）10人，参赛团队允许跨单位自由组合，"
        "明确“团队名称”，禁止不同参赛团队共用相同队员。\n\n"
        "参赛作品须基于大数据技术，体现大数据发展主题，聚焦“应用”，从实际出发，解决相应实际问题；"
        "知识产权清晰明确。参赛项目不得剽窃、抄录、非法使用其他数据应用产品。\n\n"
        "参赛者在线提交参赛作品材料（PDF或PPT）及5分钟以内的视频短片，材料包含参赛者自我介绍、"
        "参赛作品简述、应用场景、解决的问题或难点痛点堵点、数据使用情况及应用成果或预期成果，"
        "名称格式为“参赛者名称+作品名称”。报名成功后，系统发送报名成功短信。\n\n"
        "有下列情况之一的取消参赛资格：违背相关法律、法规的；提供任何虚假信息的；涉嫌作弊行为，"
        "侵犯他人知识产权的；参赛作品包含淫秽、色情或诽谤第三方内容的；包含组委会认为有其他不适当内容的。\n\n"
        "奖项设置：特等奖1名，奖金50万元；一等奖3名，分赛道各1名，每名奖金10万元；"
        "二等奖6名，分赛道各2名，每名奖金5万元；三等奖9名，分赛道各3名，每名奖金2万元；"
        "另设优秀案例奖、特色成果奖等单项奖若干。网络投票单设大赛人气奖，投票结果与总决赛评审无关。"
    ),
    "rules_text_en": (
        "A team has at most 10 people (10 included), may span organisations, must have a team name, and "
        "no person may be a member of two teams.\n\n"
        "Works must be built on big-data technology, focus on application and solve a real problem; their "
        "intellectual property must be clear. Plagiarism or unlawful use of others' data products is forbidden.\n\n"
        "Entrants submit their materials online (PDF or PPT) and a video of at most 5 minutes, covering a "
        "self-introduction, a summary of the work, the application scenario, the problem solved, the data "
        "used and the results achieved or expected. The display name is “entrant name + work name”. "
        "An SMS confirms a successful registration.\n\n"
        "An entrant is disqualified for breaking laws or regulations, giving false information, cheating or "
        "infringing others' intellectual property, obscene, pornographic or defamatory content, or other "
        "content the committee deems inappropriate.\n\n"
        "Awards: 1 grand prize of ¥500,000; 3 first prizes, one per track, ¥100,000 each; 6 second prizes, "
        "two per track, ¥50,000 each; 9 third prizes, three per track, ¥20,000 each; plus single awards such "
        "as the excellent case award and the special achievement award. A public vote picks the popularity "
        "award; its result has nothing to do with the final judging."
    ),
    "ip_terms": (
        "参赛作品的知识产权归参赛者所有，组委会有权将参赛作品、参赛者信息用于宣传品、相关出版物、"
        "指定及授权媒体发布、官方网站浏览及下载、展览等活动项目。"
    ),
    "ip_terms_en": (
        "Intellectual property in the works stays with the entrants. The organizing committee may use the "
        "works and entrant information in publicity material, publications, authorised media, the official "
        "website (viewing and download) and exhibitions."
    ),
    "contact": "河北省政务服务管理办公室政务数据处",
    "contact_en": "Government Data Division, Hebei Provincial Government Service Management Office",
}

TRACKS = [
    {
        "code": "gov",
        "name": "数字支撑政务服务",
        "name_en": "Digital support for government services",
        "description": (
            "数字支撑政务服务，为数字化政府提速。围绕政务服务数据共享，利用信息技术解决惠企便民、社会治理、"
            "乡村振兴、民生服务、政务服务等领域的难点、痛点、堵点的典型做法，形成数据应用创新成果。"
        ),
        "description_en": (
            "Speeding up digital government: sharing government-service data and using information technology "
            "to solve hard problems in business-friendly and citizen-friendly services, social governance, "
            "rural revitalisation, livelihood and government services."
        ),
    },
    {
        "code": "economy",
        "name": "数字赋能经济发展",
        "name_en": "Digital empowerment of economic development",
        "description": (
            "数字赋能传统产业升级和新兴数字创新产品（服务）。聚焦我省12大主导产业及省级重点支持县域特色产业集群，"
            "运用大数据、人工智能等新一代信息技术，赋能传统产业迭代升级，培育壮大人工智能、大数据等新兴数字产业。"
        ),
        "description_en": (
            "Upgrading traditional industries and new digital products and services: the province's 12 leading "
            "industries and county industrial clusters, with big data, artificial intelligence and other "
            "new-generation information technology."
        ),
    },
    {
        "code": "finance",
        "name": "数字服务金融创新",
        "name_en": "Digital services for financial innovation",
        "description": (
            "打造“信用+金融”，推动信用体系建设。依托河北省五级一体化信用平台，推动社会信用信息共享应用，"
            "推进“信易+”、信用服务、金融服务、投融资对接服务、企业信用数据库建设，提供更加精准的“信易贷”。"
        ),
        "description_en": (
            "“Credit + finance”: building on the province's five-level credit platform to share credit "
            "information, credit and financial services, investment matching, an enterprise credit database "
            "and better-targeted credit-based loans."
        ),
    },
]

# (kind, first day, last day) of the 2022 plan.
STAGES = [
    ("launch", date(2022, 3, 1), date(2022, 3, 10)),
    ("registration", date(2022, 3, 10), date(2022, 6, 20)),
    ("review_meeting", date(2022, 6, 21), date(2022, 6, 30)),
    ("preliminary", date(2022, 7, 2), date(2022, 7, 15)),
    ("reselection", date(2022, 7, 15), date(2022, 7, 31)),
    ("final", date(2022, 8, 1), date(2022, 8, 20)),
    ("public_vote", date(2022, 8, 1), date(2022, 8, 20)),
    ("ceremony", date(2022, 8, 26), date(2022, 9, 10)),
    ("promotion", date(2022, 9, 10), date(2022, 9, 30)),
]

# (role, title and organisation, name) of the organizing committee, in the plan's order.
ORGANIZING_COMMITTEE = [
    ("adviser", "河北省数字经济联合会会长", "吴显国"),
    ("adviser", "中国建设银行河北省分行党委书记、行长", "陈中新"),
    ("director", "河北省政务服务管理办公室党组书记、主任", "张瑞书"),
    ("deputy_director", "河北省政务服务管理办公室党组成员、副主任", "王彤"),
    ("deputy_director", "中国建设银行河北省分行党委委员、副行长", "王东"),
    ("deputy_director", "河北省数字经济联合会常务副会长", "甘中达"),
    ("secretariat", "河北省政务服务管理办公室政务数据处处长", "储素敏"),
    ("secretariat", "河北省政务服务管理办公室政务数据处二级调研员", "管越超"),
    ("secretariat", "中国建设银行河北省分行机构业务部副总经理", "赵志强"),
    ("secretariat", "河北省数字经济联合会办公室副主任", "光鹏云"),
    ("secretariat", "河北省政务服务管理办公室政务数据处", "王野"),
    ("secretariat", "河北省政务服务管理办公室政务数据处", "石天"),
    ("secretariat", "中国建设银行河北省分行", "陈少杰"),
    ("secretariat", "中国建设银行河北省分行", "吕佳雪"),
    ("secretariat", "河北省数字经济联合会办公室", "耿浩"),
    ("secretariat", "河北省数字经济联合会办公室", "武玉雯"),
]

# The plan names no experts; the demo uses placeholders an organizer replaces.
REVIEW_COMMITTEE = [
    ("chair", "教授", "河北省政务数据共享与应用专家委员会", "示例专家甲"),
    ("member", "研究员", "河北省数字经济联合会", "示例专家乙"),
    ("member", "高级工程师", "中国建设银行河北省分行", "示例专家丙"),
]

ANNOUNCEMENTS = [
    (
        "数据应用创新创业大赛新闻发布会召开",
        "Press conference launches the Data Application Contest",
        "大赛组委会召开新闻发布会，介绍赛事相关情况，面向全国范围有奖征集、报名参赛。",
        "The organizing committee held a press conference presenting the contest and opened the call for entries.",
        "launch",
    ),
    (
        "大赛报名通道正式开放",
        "Registration is open",
        "河北政务服务网和“冀时办”APP报名端口同步开放，参赛者在线提交参赛作品材料（PDF或PPT）及5分钟以内的视频短片。",
        "Registration is open on the provincial government-service website and the Jishiban app: submit "
        "your materials (PDF or PPT) and a video of at most 5 minutes.",
        "registration",
    ),
]
