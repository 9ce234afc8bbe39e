## Запланированное: времена в часовых поясах контрактов

pl-tz-msk = МСК
pl-tz-label = { $name } ({ $offset })
pl-when-msk = { $when } МСК
pl-when-both = { $when } { $zone } = { $msk } МСК
pl-tz-Europe-Moscow = Москва
pl-tz-Europe-Kaliningrad = Калининград
pl-tz-Europe-Samara = Самара
pl-tz-Asia-Yekaterinburg = Екатеринбург
pl-tz-Asia-Omsk = Омск
pl-tz-Asia-Novosibirsk = Новосибирск
pl-tz-Asia-Krasnoyarsk = Красноярск
pl-tz-Asia-Irkutsk = Иркутск
pl-tz-Asia-Yakutsk = Якутск
pl-tz-Asia-Vladivostok = Владивосток
pl-tz-Asia-Magadan = Магадан
pl-tz-Asia-Kamchatka = Камчатка
